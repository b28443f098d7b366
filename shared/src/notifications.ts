import { chinaMinute } from './china-time';
import { TICKET_ACTIONS } from './ticket-workflow';

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

/**
 * Ticket events that notify: lifecycle actions, the system's marks (overdue, the escalation
 * ladder, a duplicate report, a bad rating) and the surcharge's steps.
 */
export const NOTIFY_EVENTS = [
  ...TICKET_ACTIONS,
  'overdue',
  'escalated',
  'duplicate_linked',
  'bad_rating',
  'surcharge_requested',
  'surcharge_quoted',
  'surcharge_refused',
  'surcharge_declined',
  'payment_received',
  'surcharge_refunded',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export function isNotifyEvent(value: unknown): value is NotifyEvent {
  return typeof value === 'string' && (NOTIFY_EVENTS as readonly string[]).includes(value);
}

/**
 * Channels beyond the in-app inbox, which every message always reaches. A person is reached on a
 * channel only through an account of theirs on that platform: a WeChat mini-program openid, a
 * WeCom or DingTalk userid.
 */
export const NOTIFY_CHANNELS = ['wechat_subscribe', 'wecom_card', 'dingtalk_notice'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** Every channel a delivery may go through, the inbox included. */
export const DELIVERY_CHANNEL_NAMES = ['inbox', ...NOTIFY_CHANNELS] as const;
export type DeliveryChannelName = (typeof DELIVERY_CHANNEL_NAMES)[number];

export const NOTIFY_CHANNEL_LABELS: Record<DeliveryChannelName, string> = {
  inbox: '站内消息',
  wechat_subscribe: '微信订阅消息',
  wecom_card: '企业微信卡片消息',
  dingtalk_notice: '钉钉工作通知',
};

/**
 * Where a delivery stands: waiting, being sent, sent, skipped on purpose (no account, no
 * subscribe consent left, no app), or given up after a permanent error or too many attempts.
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** How one delivery attempt ended; `interrupted` when its worker stopped before it could say. */
export const DELIVERY_OUTCOMES = ['sent', 'retry', 'skipped', 'failed', 'interrupted'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** What the mini program's `requestSubscribeMessage` answers per template. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

/** Templates one consent request may carry (the mini program's own limit is lower). */
export const SUBSCRIBE_TEMPLATES_PER_REQUEST_MAX = 10;

/** The mini-program page of one ticket; messages open it with `?id=`. */
export const TICKET_PAGE_PATH = 'pages/ticket/detail';

export function ticketPage(ticketId: string): string {
  return `${TICKET_PAGE_PATH}?id=${ticketId}`;
}

/**
 * The words a rule's texts may use: `{number}` the ticket number, `{title}` the message title,
 * `{status}` the ticket's status, `{location}` where, `{description}` what is wrong, `{time}` when.
 */
export const NOTIFY_PLACEHOLDERS = ['number', 'title', 'status', 'location', 'description', 'time'] as const;
export type NotifyPlaceholder = (typeof NOTIFY_PLACEHOLDERS)[number];

/**
 * A WeChat subscribe-message template chosen in the mini program's console: its id and, per
 * keyword of the template (`thing1`, `character_string2`, `time3` …), the text to put there.
 */
export interface WechatSubscribeTemplate {
  /** Empty until the organisation picks a template: nothing is sent on WeChat then. */
  templateId: string;
  data: Record<string, string>;
}

/** What each channel shows besides the inbox title. */
export interface NotificationTemplates {
  wechat_subscribe?: WechatSubscribeTemplate;
  /** The card's heading; the rule's title when absent. */
  wecom_card?: { title: string };
  /** The notice's heading; the rule's title when absent. */
  dingtalk_notice?: { title: string };
}

export interface NotificationRule {
  event: NotifyEvent;
  audience: readonly NotifyAudience[];
  /** The inbox title; {number} is the ticket number (any placeholder may be used). */
  title: string;
  /** Platforms to reach the audience on as well, for those who have an account there. */
  channels: readonly NotifyChannel[];
  templates: NotificationTemplates;
  /** A switched-off rule tells nobody; the defaults are all on. */
  enabled: boolean;
}

/** The keywords of a WeChat template are its field kind followed by a number. */
export const WECHAT_KEYWORD_PATTERN = /^[a-z_]+[0-9]+$/;

/**
 * The longest value each kind of WeChat template keyword takes (in characters); longer text is
 * cut with an ellipsis so a send is never refused for it. Kinds not listed are sent as they are.
 */
export const WECHAT_KEYWORD_MAX_LENGTH: Readonly<Record<string, number>> = {
  thing: 20,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phrase: 5,
  name: 10,
  car_number: 8,
};

/** Fills {placeholders}; unknown ones stay as written. */
export function renderNotifyText(text: string, values: Partial<Record<NotifyPlaceholder, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name as NotifyPlaceholder] ?? whole);
}

/** Cuts a value to what its template keyword accepts. */
export function fitWechatKeyword(keyword: string, value: string): string {
  const kind = keyword.replace(/[0-9]+$/, '');
  const max = WECHAT_KEYWORD_MAX_LENGTH[kind];
  const chars = [...value];
  if (max === undefined || chars.length <= max) return value;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Chinese wall-clock time (UTC+8, no daylight saving) as WeChat `time` keywords want it. */
export function formatNoticeTime(at: Date): string {
  return chinaMinute(at);
}

/** The keywords our default WeChat template mapping fills (the organisation sets the template id). */
const WECHAT_DEFAULT_DATA: Record<string, string> = {
  character_string1: '{number}',
  phrase2: '{status}',
  thing3: '{title}',
  time4: '{time}',
};

const RESIDENT: readonly NotifyChannel[] = ['wechat_subscribe', 'dingtalk_notice'];
const STAFF: readonly NotifyChannel[] = ['wecom_card', 'dingtalk_notice'];
const EVERYONE: readonly NotifyChannel[] = NOTIFY_CHANNELS;

function rule(
  event: NotifyEvent,
  audience: readonly NotifyAudience[],
  title: string,
  channels: readonly NotifyChannel[],
): NotificationRule {
  const templates: NotificationTemplates = {};
  if (channels.includes('wechat_subscribe'))
    templates.wechat_subscribe = { templateId: '', data: { ...WECHAT_DEFAULT_DATA } };
  return { event, audience, title, channels, templates, enabled: true };
}

/**
 * The default notification rules (F3.1–F3.3): which ticket events tell whom, and on which
 * platforms besides the inbox. Residents hear on WeChat (or DingTalk), staff on WeCom or
 * DingTalk. The event's own actor is never told about what they did themselves. An organisation
 * replaces them with its own set.
 */
export const DEFAULT_NOTIFICATION_RULES: readonly NotificationRule[] = [
  rule('accept', ['reporter', 'followers'], '工单 {number} 已受理', RESIDENT),
  rule('dispatch', ['assignee'], '新工单 {number} 待接单', STAFF),
  rule('dispatch', ['reporter', 'followers'], '工单 {number} 已派工', RESIDENT),
  rule('redispatch', ['assignee', 'previous_assignee'], '工单 {number} 已改派', STAFF),
  rule('transfer', ['assignee'], '工单 {number} 转给了您', STAFF),
  rule('return', ['dispatchers'], '工单 {number} 被退回，请重新派工', STAFF),
  rule('claim', ['reporter', 'followers'], '工单 {number} 已有师傅接单', RESIDENT),
  rule('take', ['reporter', 'followers'], '工单 {number} 师傅已接单', RESIDENT),
  rule('request_assistance', ['invitees'], '工单 {number} 请求您协助', STAFF),
  rule('start', ['reporter'], '工单 {number} 开始维修', RESIDENT),
  rule('complete', ['reporter', 'followers', 'dispatchers'], '工单 {number} 已完工，待验收', EVERYONE),
  rule('rework', ['assignee'], '工单 {number} 需返工', STAFF),
  rule('pass', ['reporter'], '工单 {number} 已验收，请评价', RESIDENT),
  rule('close', ['reporter', 'followers', 'assignee'], '工单 {number} 已关闭', EVERYONE),
  rule('cancel', ['assignee', 'dispatchers'], '工单 {number} 已撤单', STAFF),
  rule('request_plan', ['reviewers', 'admins'], '工单 {number} 申请转计划', STAFF),
  rule('approve_plan', ['assignee', 'reporter'], '工单 {number} 已转为计划维修', EVERYONE),
  rule('refuse_plan', ['assignee'], '工单 {number} 转计划未获批准', STAFF),
  rule('overdue', ['assignee'], '工单 {number} 已超时', STAFF),
  // The escalation ladder: the first step tells the dispatchers, the next the admins.
  rule('escalated', ['dispatchers'], '工单 {number} 超时未处理', STAFF),
  rule('duplicate_linked', ['assignee'], '工单 {number} 有住户重复报修', STAFF),
  rule('bad_rating', ['admins'], '工单 {number} 收到差评', STAFF),
  // Surcharges: the office approves, the resident confirms and pays, everyone on it hears the end.
  rule('surcharge_requested', ['dispatchers', 'admins'], '工单 {number} 有加价申请待审批', STAFF),
  rule('surcharge_quoted', ['reporter'], '工单 {number} 需支付维修费用，请确认', RESIDENT),
  rule('surcharge_refused', ['assignee'], '工单 {number} 加价申请未通过', STAFF),
  rule('surcharge_declined', ['assignee', 'admins'], '工单 {number} 住户拒绝了加价', STAFF),
  rule('payment_received', ['assignee', 'dispatchers', 'admins'], '工单 {number} 维修费用已支付', STAFF),
  rule('surcharge_refunded', ['reporter'], '工单 {number} 的维修费用已退款', RESIDENT),
];

/** A rating at or below this is a bad rating the admins hear about (F3.3). */
export const BAD_RATING_MAX_STARS = 2;

/** At most this many rules per organisation. */
export const NOTIFICATION_RULES_MAX = 100;

/** Keywords one WeChat template may fill (the platform's templates have at most five). */
export const WECHAT_TEMPLATE_KEYWORDS_MAX = 10;

/**
 * What is wrong with a set of rules, as `rules[i].field: problem` lines (none when fine): an
 * audience must be named, texts use known placeholders only, WeChat keywords look like keywords.
 */
export function notificationRulesProblems(rules: readonly NotificationRule[]): string[] {
  const problems: string[] = [];
  const unknownPlaceholders = (text: string) =>
    [...text.matchAll(/\{(\w+)\}/g)]
      .map((match) => match[1]!)
      .filter((name) => !(NOTIFY_PLACEHOLDERS as readonly string[]).includes(name));
  const checkText = (path: string, text: string) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) problems.push(`${path}: unknown placeholder {${unknown.join('}, {')}}`);
  };
  if (rules.length > NOTIFICATION_RULES_MAX) problems.push(`rules: at most ${NOTIFICATION_RULES_MAX}`);
  rules.forEach((rule, index) => {
    const at = `rules[${index}]`;
    if (!isNotifyEvent(rule.event)) problems.push(`${at}.event: unknown event`);
    if (rule.audience.length === 0) problems.push(`${at}.audience: name at least one audience`);
    if (new Set(rule.audience).size !== rule.audience.length) problems.push(`${at}.audience: repeated`);
    if (new Set(rule.channels).size !== rule.channels.length) problems.push(`${at}.channels: repeated`);
    checkText(`${at}.title`, rule.title);
    const wechat = rule.templates.wechat_subscribe;
    if (wechat !== undefined) {
      const keywords = Object.entries(wechat.data);
      if (keywords.length > WECHAT_TEMPLATE_KEYWORDS_MAX)
        problems.push(
          `${at}.templates.wechat_subscribe.data: at most ${WECHAT_TEMPLATE_KEYWORDS_MAX} keywords`,
        );
      if (wechat.templateId !== '' && keywords.length === 0)
        problems.push(`${at}.templates.wechat_subscribe.data: fill at least one keyword`);
      for (const [keyword, text] of keywords) {
        if (!WECHAT_KEYWORD_PATTERN.test(keyword))
          problems.push(`${at}.templates.wechat_subscribe.data.${keyword}: not a template keyword`);
        checkText(`${at}.templates.wechat_subscribe.data.${keyword}`, text);
      }
    }
    for (const channel of ['wecom_card', 'dingtalk_notice'] as const) {
      const heading = rule.templates[channel]?.title;
      if (heading !== undefined) checkText(`${at}.templates.${channel}.title`, heading);
    }
  });
  return problems;
}
