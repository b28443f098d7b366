import type { TicketAction } from './ticket-workflow';

/** Who hears about a ticket event: people on the ticket, or the office of its community. */
export const NOTIFY_AUDIENCES = [
  'reporter',
  'followers',
  'assignee',
  'previous_assignee',
  'invitees',
  'dispatchers',
  'admins',
  'reviewers',
] as const;
export type NotifyAudience = (typeof NOTIFY_AUDIENCES)[number];

/** Ticket events that notify: lifecycle actions and the system's marks. */
export type NotifyEvent = TicketAction | 'overdue' | 'escalated' | 'duplicate_linked' | 'bad_rating';

export interface NotificationRule {
  event: NotifyEvent;
  audience: readonly NotifyAudience[];
  /** The inbox title; {number} is the ticket number. */
  title: string;
}

/**
 * The default notification rules (F3.1–F3.3): which ticket events tell whom. The event's own
 * actor is never told about what they did themselves.
 */
export const DEFAULT_NOTIFICATION_RULES: readonly NotificationRule[] = [
  { event: 'accept', audience: ['reporter', 'followers'], title: '工单 {number} 已受理' },
  { event: 'dispatch', audience: ['assignee'], title: '新工单 {number} 待接单' },
  { event: 'dispatch', audience: ['reporter', 'followers'], title: '工单 {number} 已派工' },
  { event: 'redispatch', audience: ['assignee', 'previous_assignee'], title: '工单 {number} 已改派' },
  { event: 'transfer', audience: ['assignee'], title: '工单 {number} 转给了您' },
  { event: 'return', audience: ['dispatchers'], title: '工单 {number} 被退回，请重新派工' },
  { event: 'claim', audience: ['reporter', 'followers'], title: '工单 {number} 已有师傅接单' },
  { event: 'take', audience: ['reporter', 'followers'], title: '工单 {number} 师傅已接单' },
  { event: 'request_assistance', audience: ['invitees'], title: '工单 {number} 请求您协助' },
  { event: 'start', audience: ['reporter'], title: '工单 {number} 开始维修' },
  {
    event: 'complete',
    audience: ['reporter', 'followers', 'dispatchers'],
    title: '工单 {number} 已完工，待验收',
  },
  { event: 'rework', audience: ['assignee'], title: '工单 {number} 需返工' },
  { event: 'pass', audience: ['reporter'], title: '工单 {number} 已验收，请评价' },
  { event: 'close', audience: ['reporter', 'followers', 'assignee'], title: '工单 {number} 已关闭' },
  { event: 'cancel', audience: ['assignee', 'dispatchers'], title: '工单 {number} 已撤单' },
  { event: 'request_plan', audience: ['reviewers', 'admins'], title: '工单 {number} 申请转计划' },
  { event: 'approve_plan', audience: ['assignee', 'reporter'], title: '工单 {number} 已转为计划维修' },
  { event: 'refuse_plan', audience: ['assignee'], title: '工单 {number} 转计划未获批准' },
  { event: 'overdue', audience: ['assignee'], title: '工单 {number} 已超时' },
  { event: 'escalated', audience: ['dispatchers'], title: '工单 {number} 超时未处理' },
  { event: 'duplicate_linked', audience: ['assignee'], title: '工单 {number} 有住户重复报修' },
  { event: 'bad_rating', audience: ['admins'], title: '工单 {number} 收到差评' },
];

/** A rating at or below this is a bad rating the admins hear about (F3.3). */
export const BAD_RATING_MAX_STARS = 2;
