import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { TicketActor, TicketStatus } from '@smart-repair/shared';
import type { TicketDetail } from '../../services/types';
import { fakeApi, ok, signIn } from '../../../test/fake-api';
import { TicketScreen } from '.';

function ticket(status: TicketStatus, actors: TicketActor[]): TicketDetail {
  return {
    id: 't1',
    number: '261130-0001',
    status,
    communityId: 'c1',
    categoryId: 'cat1',
    categoryName: '水龙头',
    locationId: 'l1',
    locationPath: '一区 › 1栋 › 1层 › 101室',
    description: '厨房水龙头一直滴水',
    urgency: 'normal',
    channel: 'h5',
    contactName: '孙女士',
    contactPhone: '13800001051',
    assignee: { id: 'e1', name: '李水工' },
    dispatchMode: 'auto',
    overdue: false,
    stepDeadlineAt: null,
    rating: null,
    duplicateOfId: null,
    createdAt: '2026-11-30T08:00:00.000Z',
    updatedAt: '2026-11-30T08:00:00.000Z',
    reporter: { id: 'u1', name: '孙女士' },
    appointmentStart: null,
    appointmentEnd: null,
    tradeId: 'tr1',
    dispatchReason: null,
    faultCause: null,
    handlingMethod: null,
    parts: [],
    ratingComment: null,
    closeReason: null,
    plannedFor: null,
    completedAt: null,
    closedAt: null,
    participants: [],
    attachments: [],
    actors,
    availableActions: [],
  };
}

/** What a Taro input, textarea or picker reports when the person types or picks. */
function enter(testId: string, type: 'input' | 'change', value: string): void {
  act(() => {
    screen.getByTestId(testId).dispatchEvent(new CustomEvent(type, { detail: { value }, bubbles: true }));
  });
}

const actionButtons = () =>
  screen.queryAllByTestId(/^action-/).map((element) => element.getAttribute('data-testid'));

describe('ticket screen', () => {
  beforeEach(() => signIn());
  afterEach(() => jest.restoreAllMocks());

  it('shows the reporter only what the lifecycle lets a reporter do now', async () => {
    fakeApi({
      'GET /tickets/t1': ticket('dispatched', ['reporter']),
      'GET /tickets/t1/events': [],
      'GET /tickets/t1/messages': [],
    });
    render(<TicketScreen id="t1" />);

    await screen.findByTestId('actions');
    expect(actionButtons()).toEqual(['action-cancel']);
    expect(screen.getByTestId('ticket-status').getAttribute('data-status')).toBe('dispatched');
  });

  it('shows the office the dispatch reason: the leaders in rank order and a count of the rest', async () => {
    fakeApi({
      'GET /tickets/t1': {
        ...ticket('dispatched', ['admin']),
        dispatchReason: {
          rule: 'fewest_open_then_best_rating',
          tradeId: 'tr1',
          areaId: 'a1',
          chosenId: 'e1',
          candidates: [
            { userId: 'e1', name: '李水工', openTickets: 1, rating: 4.8 },
            { userId: 'e2', name: '王水工', openTickets: 2, rating: null },
            { userId: 'e3', name: '赵水工', openTickets: 0, rating: null, excluded: 'off_duty' },
          ],
          counts: { considered: 30, eligible: 9, excluded: { off_duty: 20, at_capacity: 1 } },
        },
      },
      'GET /tickets/t1/events': [],
      'GET /tickets/t1/messages': [],
    });
    render(<TicketScreen id="t1" />);

    const reason = await screen.findByTestId('dispatch-reason');
    expect(reason.textContent).toContain('✓ 李水工：在办 1 单，评分 4.8');
    expect(reason.textContent).toContain('赵水工：在办 0 单（不在岗）');
    expect(screen.getByTestId('dispatch-reason-unlisted').textContent).toBe(
      '另有 7 位可派；未列出的不在岗 19 位、工单已满 1 位',
    );
  });

  it('shows no actions to someone who may only watch', async () => {
    fakeApi({
      'GET /tickets/t1': ticket('in_repair', ['reporter']),
      'GET /tickets/t1/events': [],
      'GET /tickets/t1/messages': [],
    });
    render(<TicketScreen id="t1" />);

    await screen.findByTestId('ticket-number');
    expect(screen.queryByTestId('actions')).toBeNull();
  });

  it('lets the assigned engineer take the order in one tap, then shows the new state', async () => {
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    let current = ticket('dispatched', ['assignee']);
    const api = fakeApi({
      'GET /tickets/t1': () => ok(current),
      'GET /tickets/t1/events': [],
      'GET /tickets/t1/messages': [],
      'POST /tickets/t1/take': () => {
        current = ticket('assigned', ['assignee']);
        return ok(current, 201);
      },
    });
    render(<TicketScreen id="t1" />);

    expect(await screen.findByTestId('action-take')).toBeTruthy();
    expect(actionButtons()).toEqual(['action-take', 'action-return', 'action-transfer']);
    fireEvent.click(screen.getByTestId('action-take'));

    await waitFor(() =>
      expect(screen.getByTestId('ticket-status').getAttribute('data-status')).toBe('assigned'),
    );
    expect(api.calls.some((call) => call.method === 'POST' && call.path === '/tickets/t1/take')).toBe(true);
    expect(actionButtons()).toEqual([
      'action-return',
      'action-transfer',
      'action-request_assistance',
      'action-start',
    ]);
  });

  it('asks for a reason before cancelling, and sends nothing without one', async () => {
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    const api = fakeApi({
      'GET /tickets/t1': ticket('reported', ['reporter']),
      'GET /tickets/t1/events': [],
      'GET /tickets/t1/messages': [],
      'POST /tickets/t1/cancel': () => ok(ticket('cancelled', ['reporter']), 201),
    });
    render(<TicketScreen id="t1" />);

    fireEvent.click(await screen.findByTestId('action-cancel'));
    expect(screen.getByTestId('form-cancel')).toBeTruthy();
    expect(screen.getByTestId('action-reason')).toBeTruthy();
    fireEvent.click(screen.getByTestId('form-confirm'));

    expect(api.calls.some((call) => call.path === '/tickets/t1/cancel')).toBe(false);
    fireEvent.click(screen.getByTestId('form-dismiss'));
    expect(screen.queryByTestId('form-cancel')).toBeNull();
  });

  it('says why loading failed, by the error’s code, and offers to retry', async () => {
    fakeApi({ 'GET /tickets/t1/events': [], 'GET /tickets/t1/messages': [] });
    render(<TicketScreen id="t1" />);

    expect((await screen.findByTestId('state-error')).textContent).toContain('请求的内容不存在');
    expect(screen.getByTestId('state-retry')).toBeTruthy();
  });
});

describe('turning a job into a planned one', () => {
  beforeEach(() => signIn());
  afterEach(() => jest.restoreAllMocks());

  const routes = (status: TicketStatus, actors: TicketActor[], extra: Record<string, unknown> = {}) => ({
    'GET /tickets/t1': ticket(status, actors),
    'GET /tickets/t1/events': [],
    'GET /tickets/t1/messages': [],
    'GET /tickets/t1/surcharges': [],
    ...extra,
  });

  it('asks the engineer for a future day and time and a reason, then sends them', async () => {
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    const api = fakeApi(
      routes('in_repair', ['assignee'], {
        'POST /tickets/t1/plan-request': () => ok(ticket('plan_pending', ['assignee'])),
      }),
    );
    render(<TicketScreen id="t1" />);

    fireEvent.click(await screen.findByTestId('action-request_plan'));
    expect(screen.getByTestId('plan-fields').textContent).toContain('09:00');
    expect(screen.queryByTestId('plan-past')).toBeNull();

    // A day already gone: said on the form, and nothing is sent even with a reason.
    enter('action-reason', 'input', '配件需要订货');
    enter('plan-day', 'change', '2020-01-02');
    expect(screen.getByTestId('plan-past').textContent).toBe('计划时间须晚于现在');
    fireEvent.click(screen.getByTestId('form-confirm'));
    expect(api.calls.some((call) => call.path === '/tickets/t1/plan-request')).toBe(false);

    enter('plan-day', 'change', '2099-01-02');
    enter('plan-time', 'change', '14:30');
    expect(screen.queryByTestId('plan-past')).toBeNull();
    fireEvent.click(screen.getByTestId('form-confirm'));

    await waitFor(() =>
      expect(api.calls.find((call) => call.path === '/tickets/t1/plan-request')?.body).toEqual({
        plannedFor: new Date(2099, 0, 2, 14, 30).toISOString(),
        reason: '配件需要订货',
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('form-request_plan')).toBeNull());
  });

  it('needs a reason before sending a plan', async () => {
    const api = fakeApi(routes('in_repair', ['assignee']));
    render(<TicketScreen id="t1" />);

    fireEvent.click(await screen.findByTestId('action-request_plan'));
    enter('plan-day', 'change', '2099-01-02');
    fireEvent.click(screen.getByTestId('form-confirm'));
    expect(api.calls.some((call) => call.path === '/tickets/t1/plan-request')).toBe(false);
  });

  it.each([['admin'], ['reviewer']] as const)(
    'offers the %s to approve the plan, or refuse it with a reason',
    async (actor) => {
      jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
      const api = fakeApi(
        routes('plan_pending', [actor], {
          'POST /tickets/t1/plan-refuse': () => ok(ticket('in_repair', [actor])),
        }),
      );
      render(<TicketScreen id="t1" />);

      await screen.findByTestId('actions');
      expect(actionButtons()).toEqual(expect.arrayContaining(['action-approve_plan', 'action-refuse_plan']));
      fireEvent.click(screen.getByTestId('action-refuse_plan'));
      fireEvent.click(screen.getByTestId('form-confirm'));
      expect(api.calls.some((call) => call.path === '/tickets/t1/plan-refuse')).toBe(false);

      enter('action-reason', 'input', '本周内可以修好');
      fireEvent.click(screen.getByTestId('form-confirm'));
      await waitFor(() =>
        expect(api.calls.find((call) => call.path === '/tickets/t1/plan-refuse')?.body).toEqual({
          reason: '本周内可以修好',
        }),
      );
    },
  );

  it('shows the planned time on the ticket', async () => {
    fakeApi({
      ...routes('planned', ['reporter']),
      'GET /tickets/t1': {
        ...ticket('planned', ['reporter']),
        plannedFor: new Date(2099, 0, 2, 14, 30).toISOString(),
      },
    });
    render(<TicketScreen id="t1" />);

    expect((await screen.findByTestId('ticket-planned-for')).textContent).toContain('01-02 14:30');
  });
});
