/**
 * The repair ticket's lifecycle (F2): every status, every action, and who may take it from where.
 * The server applies `transition()` inside each use case's transaction and writes one event per
 * transition; the apps show exactly the actions `availableActions()` allows.
 */

export const TICKET_STATUSES = [
  'reported', // 待受理: waiting for the property office to take it on
  'accepted', // 待派工: taken on (受理), waiting for an engineer (or for one to claim it)
  'dispatched', // 待接单: sent to an engineer, who has not taken it yet
  'assigned', // 已接单: the engineer has taken it
  'in_repair', // 维修中: the engineer is on it
  'plan_pending', // 转计划审批中: the engineer asked to turn it into a planned job
  'planned', // 计划中: a planned job, to be started on its date
  'completed', // 待验收: the engineer says it is done
  'verified', // 待评价: the office accepted the work (验收)
  'closed', // 已关闭: rated, closed by the office, or merged into another report
  'cancelled', // 已取消: withdrawn by the reporter before work started
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  reported: '待受理',
  accepted: '待派工',
  dispatched: '待接单',
  assigned: '已接单',
  in_repair: '维修中',
  plan_pending: '转计划审批中',
  planned: '计划中',
  completed: '待验收',
  verified: '待评价',
  closed: '已关闭',
  cancelled: '已取消',
};

/** Statuses in which the ticket still needs someone to act. */
export const OPEN_STATUSES: readonly TicketStatus[] = [
  'reported',
  'accepted',
  'dispatched',
  'assigned',
  'in_repair',
  'plan_pending',
  'planned',
  'completed',
  'verified',
];

export const TICKET_ACTIONS = [
  'report', // 报修: creates the ticket (from no status)
  'accept', // 受理
  'dispatch', // 派工 (by hand or by the system)
  'redispatch', // 改派
  'claim', // 抢单 (grab mode)
  'take', // 接单: the engineer accepts the order
  'return', // 退回
  'transfer', // 转单 to a named engineer
  'request_assistance', // 申请协助
  'join', // an invited engineer joins as assistant
  'start', // 开始维修
  'complete', // 完工
  'pass', // 验收通过
  'rework', // 返工
  'close', // 关闭 (with a reason)
  'rate', // 评价
  'cancel', // 撤单
  'request_plan', // 申请转计划
  'approve_plan', // 同意转计划
  'refuse_plan', // 拒绝转计划
  'reopen', // 重新打开
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export const TICKET_ACTION_LABELS: Record<TicketAction, string> = {
  report: '报修',
  accept: '受理',
  dispatch: '派工',
  redispatch: '改派',
  claim: '抢单',
  take: '接单',
  return: '退回',
  transfer: '转单',
  request_assistance: '申请协助',
  join: '加入协助',
  start: '开始维修',
  complete: '完工',
  pass: '验收通过',
  rework: '返工',
  close: '关闭',
  rate: '评价',
  cancel: '撤单',
  request_plan: '申请转计划',
  approve_plan: '同意转计划',
  refuse_plan: '拒绝转计划',
  reopen: '重新打开',
};

/**
 * Who acts, relative to one ticket. Community roles give `dispatcher`, `admin`, `reviewer`;
 * the ticket itself gives `reporter`, `assignee` (the engineer it is with), `assistant` (an engineer
 * who joined), `invitee` (asked to assist, not joined yet) and `candidate` (an engineer who may
 * claim it in grab mode). `system` is the scheduler and auto-dispatch.
 */
export const TICKET_ACTORS = [
  'reporter',
  'assignee',
  'assistant',
  'invitee',
  'candidate',
  'dispatcher',
  'admin',
  'reviewer',
  'system',
] as const;
export type TicketActor = (typeof TICKET_ACTORS)[number];

export interface TicketTransition {
  from: readonly TicketStatus[];
  action: TicketAction;
  /** The status after the action; 'same' keeps the status (an event without a status change). */
  to: TicketStatus | 'same';
  actors: readonly TicketActor[];
}

const OFFICE: readonly TicketActor[] = ['dispatcher', 'admin'];
const BEFORE_WORK: readonly TicketStatus[] = ['reported', 'accepted', 'dispatched', 'assigned'];

/** The whole lifecycle, one row per action. */
export const TICKET_TRANSITIONS: readonly TicketTransition[] = [
  // A report starts the ticket: no status leads to it; residents report, the office enters calls.
  { action: 'report', from: [], to: 'reported', actors: ['reporter', ...OFFICE] },
  { action: 'accept', from: ['reported'], to: 'accepted', actors: [...OFFICE, 'system'] },
  { action: 'dispatch', from: ['reported', 'accepted'], to: 'dispatched', actors: [...OFFICE, 'system'] },
  { action: 'redispatch', from: ['dispatched', 'assigned'], to: 'dispatched', actors: [...OFFICE, 'system'] },
  { action: 'claim', from: ['accepted'], to: 'assigned', actors: ['candidate'] },
  { action: 'take', from: ['dispatched'], to: 'assigned', actors: ['assignee'] },
  { action: 'return', from: ['dispatched', 'assigned'], to: 'accepted', actors: ['assignee'] },
  { action: 'transfer', from: ['dispatched', 'assigned'], to: 'dispatched', actors: ['assignee'] },
  { action: 'request_assistance', from: ['assigned', 'in_repair'], to: 'same', actors: ['assignee'] },
  { action: 'join', from: ['assigned', 'in_repair'], to: 'same', actors: ['invitee'] },
  { action: 'start', from: ['assigned', 'planned'], to: 'in_repair', actors: ['assignee'] },
  { action: 'complete', from: ['in_repair'], to: 'completed', actors: ['assignee'] },
  // The system passes work nobody checked within the configured time (auto-accept, F2.9).
  { action: 'pass', from: ['completed'], to: 'verified', actors: [...OFFICE, 'system'] },
  { action: 'rework', from: ['completed'], to: 'assigned', actors: OFFICE },
  { action: 'close', from: OPEN_STATUSES, to: 'closed', actors: [...OFFICE, 'system'] },
  { action: 'rate', from: ['verified'], to: 'closed', actors: ['reporter', 'system'] },
  { action: 'cancel', from: BEFORE_WORK, to: 'cancelled', actors: ['reporter'] },
  { action: 'request_plan', from: ['in_repair'], to: 'plan_pending', actors: ['assignee'] },
  { action: 'approve_plan', from: ['plan_pending'], to: 'planned', actors: ['admin', 'reviewer'] },
  { action: 'refuse_plan', from: ['plan_pending'], to: 'in_repair', actors: ['admin', 'reviewer'] },
  { action: 'reopen', from: ['closed', 'cancelled'], to: 'accepted', actors: OFFICE },
];

const BY_ACTION = new Map(TICKET_TRANSITIONS.map((row) => [row.action, row]));

export function isTicketStatus(value: unknown): value is TicketStatus {
  return typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value);
}

export function isTicketAction(value: unknown): value is TicketAction {
  return typeof value === 'string' && (TICKET_ACTIONS as readonly string[]).includes(value);
}

export type TransitionRefusal = 'ACTION_NOT_ALLOWED_IN_STATUS' | 'ACTOR_NOT_ALLOWED';

/**
 * The status after `action` taken by someone acting as any of `actors`, or why it is refused:
 * the status does not allow the action at all, or none of the actor's parts on the ticket may.
 */
export function transition(
  status: TicketStatus,
  action: TicketAction,
  actors: readonly TicketActor[],
): { ok: true; to: TicketStatus } | { ok: false; refusal: TransitionRefusal } {
  const row = BY_ACTION.get(action)!;
  if (!row.from.includes(status)) return { ok: false, refusal: 'ACTION_NOT_ALLOWED_IN_STATUS' };
  if (!actors.some((actor) => row.actors.includes(actor))) return { ok: false, refusal: 'ACTOR_NOT_ALLOWED' };
  return { ok: true, to: row.to === 'same' ? status : row.to };
}

/** Everyone who may take an action somewhere in the lifecycle. */
export function actorsAllowedFor(action: TicketAction): readonly TicketActor[] {
  return BY_ACTION.get(action)!.actors;
}

/** The actions someone acting as any of `actors` may take now: what the apps show as buttons. */
export function availableActions(status: TicketStatus, actors: readonly TicketActor[]): TicketAction[] {
  return TICKET_TRANSITIONS.filter(
    (row) => row.from.includes(status) && actors.some((actor) => row.actors.includes(actor)),
  ).map((row) => row.action);
}

export function isOpenStatus(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Fault causes recorded at completion (F2.4). */
export const FAULT_CAUSES = ['natural_wear', 'misuse', 'damage'] as const;
export type FaultCause = (typeof FAULT_CAUSES)[number];
export const FAULT_CAUSE_LABELS: Record<FaultCause, string> = {
  natural_wear: '自然损坏',
  misuse: '操作不当',
  damage: '人为损坏',
};

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };

/** Where a report came from (F1.1). */
export const TICKET_CHANNELS = ['wechat', 'wecom', 'dingtalk', 'baidu', 'h5', 'qr', 'staff'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/**
 * How a category's reports find an engineer: auto (the system dispatches at once), manual (the
 * office dispatches; the scheduler steps in after the configured wait) or grab (engineers claim).
 */
export const DISPATCH_MODES = ['auto', 'manual', 'grab'] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];
