import type { FaultCause, TicketAction, TicketStatus, Urgency } from '@smart-repair/shared';
import { platform } from '../platform';
import { request } from './http';
import type {
  EngineerChoice,
  ReportResult,
  TicketDetail,
  TicketEvent,
  TicketMessage,
  TicketPage,
} from './types';

export interface ReportInput {
  communityId: string;
  locationId: string;
  categoryId: string;
  description?: string;
  contactName?: string;
  contactPhone?: string;
  appointmentStart?: string;
  appointmentEnd?: string;
  urgency?: Urgency;
  attachmentIds?: string[];
}

export type TaskBucket = 'new' | 'in_progress' | 'done' | 'overdue';

export interface BoardFilter {
  communityId?: string;
  status?: readonly TicketStatus[];
  overdue?: boolean;
  page?: number;
}

export const ticketsApi = {
  report: (input: ReportInput) =>
    request<ReportResult>('POST', '/tickets', { body: { ...input, channel: platform.channel } }),
  mine: (state?: 'open' | 'finished', page = 1) =>
    request<TicketPage>('GET', '/tickets/mine', { query: { state, page } }),
  tasks: (bucket: TaskBucket, page = 1) =>
    request<TicketPage>('GET', '/tickets/tasks', { query: { bucket, page } }),
  board: (filter: BoardFilter) =>
    request<TicketPage>('GET', '/tickets', {
      query: {
        communityId: filter.communityId,
        status: filter.status,
        overdue: filter.overdue,
        page: filter.page,
      },
    }),
  get: (id: string) => request<TicketDetail>('GET', `/tickets/${id}`),
  events: (id: string) => request<TicketEvent[]>('GET', `/tickets/${id}/events`),
  /** Engineers the ticket can go to (transfer, assistance, manual dispatch), its trade first. */
  engineers: (id: string) => request<EngineerChoice[]>('GET', `/tickets/${id}/engineers`),
  messages: (id: string) => request<TicketMessage[]>('GET', `/tickets/${id}/messages`),
  sendMessage: (id: string, body: string) =>
    request<TicketMessage>('POST', `/tickets/${id}/messages`, { body: { body } }),

  /** Takes one lifecycle action; answers with the ticket as it now is. */
  perform: (id: string, action: ActionWithRoute, body: ActionBody = {}) => {
    const defined = Object.fromEntries(
      Object.entries(body).filter(([, value]) => value !== undefined && value !== ''),
    );
    return request<TicketDetail>('POST', `/tickets/${id}/${ACTION_ROUTES[action]}`, { body: defined });
  },
};

/** The route of each action the apps offer (report has its own; merge is office work elsewhere). */
export const ACTION_ROUTES = {
  accept: 'accept',
  dispatch: 'dispatch',
  redispatch: 'redispatch',
  claim: 'claim',
  take: 'take',
  return: 'return',
  transfer: 'transfer',
  request_assistance: 'assistance',
  join: 'join',
  start: 'start',
  complete: 'complete',
  pass: 'pass',
  rework: 'rework',
  close: 'close',
  rate: 'rate',
  cancel: 'cancel',
  request_plan: 'plan-request',
  approve_plan: 'plan-approve',
  refuse_plan: 'plan-refuse',
  reopen: 'reopen',
} as const satisfies Partial<Record<TicketAction, string>>;

export type ActionWithRoute = keyof typeof ACTION_ROUTES;

export function hasRoute(action: TicketAction): action is ActionWithRoute {
  return action in ACTION_ROUTES;
}

/** The body fields the actions take (each action reads its own). */
export interface ActionBody {
  note?: string;
  reason?: string;
  engineerId?: string;
  engineerIds?: string[];
  faultCause?: FaultCause;
  handlingMethod?: string;
  parts?: { name: string; quantity: number }[];
  attachmentIds?: string[];
  stars?: number;
  comment?: string;
  /** request_plan: when the planned job will be done (ISO instant, in the future). */
  plannedFor?: string;
}
