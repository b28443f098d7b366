import { Injectable } from '@nestjs/common';
import { DataSource, Between, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { chinaDay } from '@smart-repair/shared';
import { paging } from '../../common/http/pagination';
import { sqlDialectFor } from '../../database/sql-dialect';
import { newId } from '../../database/ids';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import type { LedgerDayView, LedgerQuery, LedgerView } from './dto/payments.dto';
import { LedgerEntryEntity, type LedgerKind } from './entities/ledger-entry.entity';

const DAY_MS = 24 * 3600_000;
/** A ledger view covers at most this much time. */
const MAX_RANGE_DAYS = 366;

export interface LedgerFact {
  organizationId: string;
  communityId: string;
  kind: LedgerKind;
  amountFen: number;
  concernsFen?: number;
  orderId?: string | null;
  refundId?: string | null;
  surchargeId?: string | null;
  ticketId?: string | null;
  reference?: string | null;
  note?: string;
  dedupeKey: string;
  occurredAt: Date;
}

/** The money book of each community: written with each fact, read by admins and HQ. */
@Injectable()
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  /** Books a fact once: a second write with the same dedupe key changes nothing. */
  async record(manager: EntityManager, fact: LedgerFact): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(LedgerEntryEntity)
      .values({
        id: newId(),
        organizationId: fact.organizationId,
        communityId: fact.communityId,
        kind: fact.kind,
        amountFen: fact.amountFen,
        concernsFen: fact.concernsFen ?? 0,
        orderId: fact.orderId ?? null,
        refundId: fact.refundId ?? null,
        surchargeId: fact.surchargeId ?? null,
        ticketId: fact.ticketId ?? null,
        reference: fact.reference ?? null,
        note: (fact.note ?? '').slice(0, 200),
        dedupeKey: fact.dedupeKey,
        occurredAt: fact.occurredAt,
      })
      .orIgnore()
      .execute();
  }

  /** Entries newest first, with totals per China-time day and for the whole range. */
  async list(principal: Principal, query: LedgerQuery): Promise<LedgerView> {
    const { page, pageSize, skip } = paging(query);
    const to = query.to === undefined ? new Date() : new Date(query.to);
    const from = query.from === undefined ? new Date(to.getTime() - 30 * DAY_MS) : new Date(query.from);
    const empty = {
      items: [],
      total: 0,
      page,
      pageSize,
      days: [],
      totals: totalsOf([], rangeLabel(from, to)),
    };
    const scope = TenantScope.where<LedgerEntryEntity>(principal, 'payment.read');
    if (scope === null) return empty;
    if (query.communityId !== undefined)
      await TenantScope.community(this.dataSource.manager, principal, 'payment.read', query.communityId);
    const clampedFrom =
      to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS
        ? new Date(to.getTime() - MAX_RANGE_DAYS * DAY_MS)
        : from;
    const where: FindOptionsWhere<LedgerEntryEntity> = {
      ...scope,
      ...(query.communityId === undefined ? {} : { communityId: query.communityId }),
      occurredAt: Between(clampedFrom, to),
    };
    const repository = this.dataSource.getRepository(LedgerEntryEntity);
    const [rows, total] = await repository.findAndCount({
      where: query.kind === undefined ? where : { ...where, kind: query.kind },
      order: { occurredAt: 'DESC', id: 'DESC' },
      skip,
      take: pageSize,
    });
    // Totals per China-time day over the whole range, added up by the database.
    const grouped = await repository
      .createQueryBuilder('entry')
      .select(sqlDialectFor(this.dataSource.options.type).chinaDay('entry.occurredAt'), 'day')
      .addSelect('entry.kind', 'kind')
      .addSelect('SUM(entry.amountFen)', 'amount')
      .addSelect('COUNT(*)', 'entries')
      .where(where)
      .groupBy('day')
      .addGroupBy('entry.kind')
      .getRawMany<{ day: string; kind: LedgerKind; amount: string | number; entries: string | number }>();
    const sums = grouped.map((row) => ({
      day: row.day,
      kind: row.kind,
      amountFen: Number(row.amount),
      entries: Number(row.entries),
    }));
    const days = [...new Set(sums.map((row) => row.day))].sort();
    return {
      items: rows.map((row) => ({
        id: row.id,
        communityId: row.communityId,
        kind: row.kind,
        amountFen: row.amountFen,
        concernsFen: row.concernsFen,
        ticketId: row.ticketId,
        surchargeId: row.surchargeId,
        reference: row.reference,
        note: row.note,
        occurredAt: row.occurredAt.toISOString(),
      })),
      total,
      page,
      pageSize,
      days: days.map((day) =>
        totalsOf(
          sums.filter((row) => row.day === day),
          day,
        ),
      ),
      totals: totalsOf(sums, rangeLabel(clampedFrom, to)),
    };
  }
}

/** One kind of entry on one day: its summed amount and how many entries. */
interface KindSum {
  kind: LedgerKind;
  amountFen: number;
  entries: number;
}

function totalsOf(sums: KindSum[], day: string): LedgerDayView {
  const of = (kind: LedgerKind) => sums.filter((sum) => sum.kind === kind);
  const paymentsFen = of('payment').reduce((total, sum) => total + sum.amountFen, 0);
  const refundsFen = -of('refund').reduce((total, sum) => total + sum.amountFen, 0);
  const count = (list: KindSum[]) => list.reduce((total, sum) => total + sum.entries, 0);
  return {
    day,
    paymentsFen,
    refundsFen,
    netFen: paymentsFen - refundsFen,
    payments: count(of('payment')),
    refunds: count(of('refund')),
    problems: count(sums) - count(of('payment')) - count(of('refund')),
  };
}

function rangeLabel(from: Date, to: Date): string {
  return `${chinaDay(from)}..${chinaDay(to)}`;
}
