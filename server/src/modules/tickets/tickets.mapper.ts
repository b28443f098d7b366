import { availableActions, type TicketActor } from '@smart-repair/shared';
import type { AttachmentView } from '../attachments/dto/attachments.dto';
import type { MessageView, TicketDetailView, TicketSummaryView } from './dto/views.dto';
import type { TicketMessageEntity } from './entities/ticket-message.entity';
import type { TicketParticipantEntity } from './entities/ticket-participant.entity';
import type { TicketEntity } from './entities/ticket.entity';
import { visiblePhone } from './ticket-access';

/** What a list row carries: the ticket's own columns with the category's and engineer's names. */
export interface SummaryRow {
  id: string;
  number: string;
  status: TicketSummaryView['status'];
  communityId: string;
  categoryId: string;
  categoryName: string | null;
  locationId: string;
  locationPath: string;
  description: string;
  urgency: TicketSummaryView['urgency'];
  channel: TicketSummaryView['channel'];
  contactName: string;
  contactPhone: string;
  assigneeId: string | null;
  assigneeName: string | null;
  reporterId: string | null;
  dispatchMode: TicketSummaryView['dispatchMode'];
  overdueAt: Date | string | null;
  stepDeadlineAt: Date | string | null;
  rating: number | null;
  duplicateOfId: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** A list row as the caller may see it (the phone in full only for those who call, R5). */
export function toSummaryView(row: SummaryRow, actors: readonly TicketActor[]): TicketSummaryView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    communityId: row.communityId,
    categoryId: row.categoryId,
    categoryName: row.categoryName ?? '',
    locationId: row.locationId,
    locationPath: row.locationPath,
    description: row.description,
    urgency: row.urgency,
    channel: row.channel,
    contactName: row.contactName,
    contactPhone: visiblePhone(row.contactPhone, actors),
    assignee: row.assigneeId === null ? null : { id: row.assigneeId, name: row.assigneeName ?? '' },
    dispatchMode: row.dispatchMode,
    overdue: row.overdueAt !== null,
    stepDeadlineAt: iso(row.stepDeadlineAt),
    rating: row.rating === null ? null : Number(row.rating),
    duplicateOfId: row.duplicateOfId,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export interface DetailInput {
  ticket: TicketEntity;
  actors: readonly TicketActor[];
  categoryName: string | null;
  /** Names of the reporter, the engineer and the participants, by user id. */
  names: ReadonlyMap<string, string>;
  participants: readonly TicketParticipantEntity[];
  duplicateOf: Pick<TicketEntity, 'id' | 'number' | 'status'> | null;
  attachments: readonly AttachmentView[];
}

/** One ticket as the caller may see it, with the actions the lifecycle table allows them now. */
export function toDetailView(input: DetailInput): TicketDetailView {
  const { ticket, actors, names } = input;
  const office = actors.includes('admin') || actors.includes('dispatcher');
  // Named field by field and extended in place: spreading a wide object into another leaves V8 a
  // slow dictionary-mode object, which cost several times the rest of the view to build and send.
  const row: SummaryRow = {
    id: ticket.id,
    number: ticket.number,
    status: ticket.status,
    communityId: ticket.communityId,
    categoryId: ticket.categoryId,
    categoryName: input.categoryName,
    locationId: ticket.locationId,
    locationPath: ticket.locationPath,
    description: ticket.description,
    urgency: ticket.urgency,
    channel: ticket.channel,
    contactName: ticket.contactName,
    contactPhone: ticket.contactPhone,
    assigneeId: ticket.assigneeId,
    assigneeName: names.get(ticket.assigneeId ?? '') ?? null,
    reporterId: ticket.reporterId,
    dispatchMode: ticket.dispatchMode,
    overdueAt: ticket.overdueAt,
    stepDeadlineAt: ticket.stepDeadlineAt,
    rating: ticket.rating,
    duplicateOfId: ticket.duplicateOfId,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
  };
  return Object.assign(toSummaryView(row, actors), {
    reporter:
      ticket.reporterId === null ? null : { id: ticket.reporterId, name: names.get(ticket.reporterId) ?? '' },
    appointmentStart: iso(ticket.appointmentStart),
    appointmentEnd: iso(ticket.appointmentEnd),
    tradeId: ticket.tradeId,
    // Why the system chose whom is the office's business.
    dispatchReason: office ? ticket.dispatchReason : null,
    faultCause: ticket.faultCause,
    handlingMethod: ticket.handlingMethod,
    parts: ticket.partsUsed ?? [],
    ratingComment: ticket.ratingComment,
    closeReason: ticket.closeReason,
    plannedFor: iso(ticket.plannedFor),
    completedAt: iso(ticket.completedAt),
    closedAt: iso(ticket.closedAt),
    duplicateOf:
      input.duplicateOf === null
        ? null
        : { id: input.duplicateOf.id, number: input.duplicateOf.number, status: input.duplicateOf.status },
    participants: input.participants
      // Residents following a ticket are listed to the office only.
      .filter((row) => row.kind !== 'follower' || office)
      .map((row) => ({ user: { id: row.userId, name: names.get(row.userId) ?? '' }, kind: row.kind })),
    attachments: input.attachments.map((file) => ({
      id: file.id,
      kind: file.kind,
      mime: file.mime,
      purpose: file.purpose ?? null,
      url: file.url,
    })),
    actors: [...actors],
    availableActions: availableActions(ticket.status, actors).filter((action) => action !== 'report'),
  });
}

export function toMessageView(row: TicketMessageEntity, authorName: string): MessageView {
  return {
    id: row.id,
    author: { id: row.authorId, name: authorName },
    authorRole: row.authorRole,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Drivers return dates as Date (MySQL) or text (SQLite raw rows): always answer ISO 8601 UTC. */
export function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return utcText(value instanceof Date ? value.getTime() : storedMillis(value));
}

const DAY_MS = 86_400_000;
const FIRST_MS = Date.parse('0000-01-01T00:00:00.000Z');
const PAST_LAST_MS = Date.parse('+010000-01-01T00:00:00.000Z');
/** The last day utcText wrote, as "YYYY-MM-DDT", and its number since 1970. */
let lastDay = Number.NaN;
let lastDayText = '';

/**
 * Date#toISOString's text for a time, about six times faster: a page of tickets writes some 80
 * times, and toISOString was close to a tenth of the "my tickets" route. The date part is reused
 * while times fall on the same day, as a page's mostly do.
 */
function utcText(ms: number): string {
  // Years 0000–9999 only; outside them (or for an invalid time) toISOString's own text or error.
  if (!(ms >= FIRST_MS && ms < PAST_LAST_MS)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayText = new Date(ms).toISOString().slice(0, 11);
    lastDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  return (
    lastDayText +
    twoDigits(Math.floor(seconds / 3600)) +
    ':' +
    twoDigits(Math.floor(seconds / 60) % 60) +
    ':' +
    twoDigits(seconds % 60) +
    '.' +
    String(inDay % 1000).padStart(3, '0') +
    'Z'
  );
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A stored time in milliseconds, whichever way the driver returned it. */
export function storedMillis(value: Date | string): number {
  if (value instanceof Date) return value.getTime();
  // SQLite keeps "YYYY-MM-DD HH:MM:SS.SSS" in UTC without a zone.
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

/** Names in Chinese order (pinyin); one collator, as creating one per comparison is slow. */
export const byChineseName = new Intl.Collator('zh');
