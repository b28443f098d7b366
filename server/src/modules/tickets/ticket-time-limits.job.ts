import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { OPEN_STATUSES, type CommunitySettings } from '@smart-repair/shared';
import { DataSource, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { inTransaction } from '../../database/transaction';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { SettingsService } from '../settings/settings.service';
import { TicketEntity } from './entities/ticket.entity';
import { TicketJournal } from './ticket-journal';
import { TicketsService } from './tickets.service';

/** How often the time limits are checked, and how many tickets one rule handles per run. */
export const TIME_LIMITS_JOB = 'tickets.time-limits';
const EVERY_MS = 60_000;
const BATCH = 200;

/**
 * Time limits and auto-actions (F2.9, F9.10), once a minute across all server processes (the
 * scheduler's lease): flag overdue steps, escalate overdue ones to the dispatcher and then the
 * admin, auto-dispatch reports nobody dispatched, pass work nobody checked, and give the default
 * rating to work nobody rated. Every step is a ticket event; notifications follow from them.
 */
@Injectable()
export class TicketTimeLimitsJob implements OnModuleInit {
  private readonly logger = new Logger(TicketTimeLimitsJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: JobScheduler,
    private readonly settings: SettingsService,
    private readonly journal: TicketJournal,
    private readonly tickets: TicketsService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: TIME_LIMITS_JOB,
      everyMs: EVERY_MS,
      run: async (now) => {
        await this.run(now);
      },
    });
  }

  async run(
    now: Date,
  ): Promise<{ overdue: number; escalated: number; dispatched: number; passed: number; rated: number }> {
    const settingsOf = this.settingsCache();
    const counts = { overdue: 0, escalated: 0, dispatched: 0, passed: 0, rated: 0 };

    // 1. Steps past their limit.
    const late = await this.dataSource.getRepository(TicketEntity).find({
      where: { status: In([...OPEN_STATUSES]), overdueAt: IsNull(), stepDeadlineAt: LessThanOrEqual(now) },
      order: { stepDeadlineAt: 'ASC' },
      take: BATCH,
    });
    for (const ticket of late) {
      if (
        await this.markOnce(
          ticket,
          'overdue',
          { overdueAt: now },
          { deadline: ticket.stepDeadlineAt!.toISOString() },
          now,
        )
      ) {
        counts.overdue += 1;
      }
    }

    // 2. The escalation ladder for steps still overdue.
    const overdue = await this.dataSource.getRepository(TicketEntity).find({
      where: {
        status: In([...OPEN_STATUSES]),
        overdueAt: Not(IsNull()),
        escalationLevel: LessThanOrEqual(1),
      },
      order: { overdueAt: 'ASC' },
      take: BATCH,
    });
    for (const ticket of overdue) {
      const { autoActions } = await settingsOf(ticket.communityId);
      const lateMinutes = (now.getTime() - ticket.stepDeadlineAt!.getTime()) / 60_000;
      const ladder = [autoActions.escalateToDispatcherAfterMinutes, autoActions.escalateToAdminAfterMinutes];
      const level = ticket.escalationLevel;
      const after = ladder[level];
      if (after === null || after === undefined || lateMinutes < after) continue;
      const data = {
        level: level + 1,
        to: level === 0 ? 'dispatcher' : 'admin',
        lateMinutes: Math.floor(lateMinutes),
      };
      if (await this.markOnce(ticket, 'escalated', { escalationLevel: level + 1 }, data, now))
        counts.escalated += 1;
    }

    // 3. Reports nobody dispatched (manual mode, or auto-dispatch that found nobody earlier).
    const waiting = await this.dataSource.getRepository(TicketEntity).find({
      where: { status: In(['reported', 'accepted']), assigneeId: IsNull(), dispatchMode: Not('grab') },
      order: { stepStartedAt: 'ASC' },
      take: BATCH,
    });
    for (const ticket of waiting) {
      const minutes = (await settingsOf(ticket.communityId)).autoActions.autoDispatchAfterMinutes;
      if (minutes === null || now.getTime() - ticket.stepStartedAt.getTime() < minutes * 60_000) continue;
      if (await this.tickets.systemDispatch(ticket.id)) counts.dispatched += 1;
    }

    // 4. Work nobody checked, and 5. work nobody rated.
    counts.passed = await this.autoAct(
      now,
      'completed',
      settingsOf,
      (s) => hours(s.autoActions.autoPassAfterHours),
      (id) =>
        this.tickets.systemAct(id, 'pass', async () => ({ note: '超时自动验收', data: { automatic: true } })),
    );
    counts.rated = await this.autoAct(
      now,
      'verified',
      settingsOf,
      (s) => days(s.autoActions.defaultRatingAfterDays),
      (id) =>
        this.tickets.systemAct(id, 'rate', async (_tx, _ticket, s) => ({
          set: { rating: s.autoActions.defaultRatingStars, closeReason: 'rated', closedAt: new Date() },
          note: '超时未评价，默认评价',
          data: { stars: s.autoActions.defaultRatingStars, automatic: true },
        })),
    );
    if (Object.values(counts).some((count) => count > 0))
      this.logger.log(`time limits: ${JSON.stringify(counts)}`);
    return counts;
  }

  private async autoAct(
    now: Date,
    status: 'completed' | 'verified',
    settingsOf: (communityId: string) => Promise<CommunitySettings>,
    waitMs: (settings: CommunitySettings) => number | null,
    act: (ticketId: string) => Promise<boolean>,
  ): Promise<number> {
    const tickets = await this.dataSource.getRepository(TicketEntity).find({
      where: { status },
      order: { stepStartedAt: 'ASC' },
      take: BATCH,
    });
    let done = 0;
    for (const ticket of tickets) {
      const wait = waitMs(await settingsOf(ticket.communityId));
      if (wait === null || now.getTime() - ticket.stepStartedAt.getTime() < wait) continue;
      if (await act(ticket.id)) done += 1;
    }
    return done;
  }

  /** A system mark, unless someone changed the ticket since it was read (then the next run decides). */
  private async markOnce(
    ticket: TicketEntity,
    action: 'overdue' | 'escalated',
    set: Partial<TicketEntity>,
    data: Record<string, unknown>,
    now: Date,
  ): Promise<boolean> {
    try {
      await inTransaction(this.dataSource, (tx) =>
        this.journal.mark(tx, ticket, action, { userId: null, role: 'system' }, { set, data, now }),
      );
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'TICKET_STATUS_CONFLICT') return false;
      throw error;
    }
  }

  /** Settings read once per community per run. */
  private settingsCache(): (communityId: string) => Promise<CommunitySettings> {
    const cache = new Map<string, Promise<CommunitySettings>>();
    return (communityId) => {
      let settings = cache.get(communityId);
      if (settings === undefined) {
        settings = this.settings.forCommunity(communityId);
        cache.set(communityId, settings);
      }
      return settings;
    };
  }
}

function hours(value: number | null): number | null {
  return value === null ? null : value * 3600_000;
}

function days(value: number | null): number | null {
  return value === null ? null : value * 24 * 3600_000;
}
