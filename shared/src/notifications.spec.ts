import {
  DEFAULT_NOTIFICATION_RULES,
  NOTIFY_EVENTS,
  fitWechatKeyword,
  formatNoticeTime,
  isNotifyEvent,
  notificationRulesProblems,
  renderNotifyText,
  ticketPage,
  type NotificationRule,
} from './notifications';

const copy = (): NotificationRule[] => JSON.parse(JSON.stringify(DEFAULT_NOTIFICATION_RULES));

describe('default notification rules', () => {
  it('are acceptable as they are', () => {
    expect(notificationRulesProblems(DEFAULT_NOTIFICATION_RULES)).toEqual([]);
  });

  it('cover every event the product promises (F3.1–F3.3)', () => {
    const events = new Set(DEFAULT_NOTIFICATION_RULES.map((rule) => rule.event));
    for (const event of [
      'accept',
      'dispatch',
      'transfer',
      'request_assistance',
      'complete',
      'rework',
      'return',
      'surcharge_requested',
      'surcharge_quoted',
      'surcharge_declined',
      'payment_received',
      'overdue',
      'escalated',
      'bad_rating',
    ] as const)
      expect(events).toContain(event);
  });

  it('reach residents on WeChat and staff on WeCom or DingTalk, with no WeChat template chosen yet', () => {
    const accept = DEFAULT_NOTIFICATION_RULES.find((rule) => rule.event === 'accept')!;
    expect(accept.channels).toEqual(['wechat_subscribe', 'dingtalk_notice']);
    expect(accept.templates.wechat_subscribe?.templateId).toBe('');
    const overdue = DEFAULT_NOTIFICATION_RULES.find((rule) => rule.event === 'overdue')!;
    expect(overdue.channels).toEqual(['wecom_card', 'dingtalk_notice']);
    expect(DEFAULT_NOTIFICATION_RULES.every((rule) => rule.enabled)).toBe(true);
  });
});

describe('notification rule problems', () => {
  it('names the rule and field of each problem', () => {
    const rules = copy();
    rules[0]!.audience = [];
    rules[1]!.title = '工单 {numbr}';
    rules[2]!.templates.wechat_subscribe = { templateId: 'T1', data: { 'thing1.DATA': '{title}' } };
    rules[3]!.channels = ['wecom_card', 'wecom_card'];
    rules[4]!.templates.dingtalk_notice = { title: '{oops}' };
    expect(notificationRulesProblems(rules)).toEqual([
      'rules[0].audience: name at least one audience',
      'rules[1].title: unknown placeholder {numbr}',
      'rules[2].templates.wechat_subscribe.data.thing1.DATA: not a template keyword',
      'rules[3].channels: repeated',
      'rules[4].templates.dingtalk_notice.title: unknown placeholder {oops}',
    ]);
  });

  it('wants keywords once a WeChat template is chosen, and knows every event', () => {
    const rules = copy();
    rules[0]!.templates.wechat_subscribe = { templateId: 'T1', data: {} };
    rules[1]!.event = 'fly' as never;
    expect(notificationRulesProblems(rules)).toEqual([
      'rules[0].templates.wechat_subscribe.data: fill at least one keyword',
      'rules[1].event: unknown event',
    ]);
    expect(isNotifyEvent('payment_received')).toBe(true);
    expect(NOTIFY_EVENTS).toContain('take');
  });
});

describe('message texts', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(renderNotifyText('工单 {number} {status} {x}', { number: '261130-0007', status: '待接单' })).toBe(
      '工单 261130-0007 待接单 {x}',
    );
  });

  it('cuts values to what each WeChat keyword kind takes', () => {
    expect(fitWechatKeyword('thing3', '一'.repeat(25))).toBe(`${'一'.repeat(19)}…`);
    expect(fitWechatKeyword('thing3', '一'.repeat(20))).toBe('一'.repeat(20));
    expect(fitWechatKeyword('phrase2', '待验收中')).toBe('待验收中');
    expect(fitWechatKeyword('phrase2', '转计划审批中')).toBe('转计划审…');
    expect(fitWechatKeyword('time4', '2026-11-30 16:00')).toBe('2026-11-30 16:00');
  });

  it('writes times in China time and links the ticket page', () => {
    expect(formatNoticeTime(new Date('2026-11-30T08:05:00Z'))).toBe('2026-11-30 16:05');
    expect(formatNoticeTime(new Date('2026-11-30T20:00:00Z'))).toBe('2026-12-01 04:00');
    expect(ticketPage('abc')).toBe('pages/ticket/detail?id=abc');
  });
});
