import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { TicketActor, TicketStatus } from '@smart-repair/shared';
import type { Surcharge, TicketDetail } from '../../services/types';
import { fakeApi, ok, signIn } from '../../../test/fake-api';
import { lineOf } from './form';
import { TicketSurcharges } from '.';

const ticket = (status: TicketStatus, actors: TicketActor[]) =>
  ({ id: 't1', communityId: 'c1', status, actors }) as unknown as TicketDetail;

const surcharge = (patch: Partial<Surcharge>): Surcharge => ({
  id: 's1',
  ticketId: 't1',
  communityId: 'c1',
  status: 'pending_approval',
  reason: 'damage_by_person',
  note: '管道被砸裂',
  lines: [
    { name: '角阀', quantity: 2, unitPriceFen: 3550, amountFen: 7100 },
    { name: '人工', quantity: 1, unitPriceFen: 5000, amountFen: 5000 },
  ],
  totalFen: 12_100,
  photoIds: [],
  approvals: [{ role: 'dispatcher', fromAmountFen: 0, decision: null, by: null, at: null, note: null }],
  outcomeNote: null,
  paidFen: 0,
  refundedFen: 0,
  requestedBy: '李水工',
  actions: [],
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
  ...patch,
});

const buttons = () =>
  screen
    .queryAllByTestId(/^surcharge-(approve|refuse|agree|decline|withdraw|pay|ask)$/)
    .map((b) => b.dataset.testid);

describe('surcharge lines', () => {
  it('takes a yuan price as integer fen and refuses incomplete lines', () => {
    expect(lineOf({ name: ' 角阀 ', quantity: '2', price: '35.5' })).toEqual({
      name: '角阀',
      quantity: 2,
      unitPriceFen: 3550,
    });
    expect(lineOf({ name: '角阀', quantity: '0', price: '35' })).toBeNull();
    expect(lineOf({ name: '角阀', quantity: '1.5', price: '35' })).toBeNull();
    expect(lineOf({ name: '', quantity: '1', price: '35' })).toBeNull();
    expect(lineOf({ name: '角阀', quantity: '1', price: '35.555' })).toBeNull();
    expect(lineOf({ name: '角阀', quantity: '1', price: '0' })).toBeNull();
  });
});

describe('ticket surcharges', () => {
  beforeEach(() => signIn());
  afterEach(() => jest.restoreAllMocks());

  it('offers the engineer on the job to ask for one when none is under way', async () => {
    fakeApi({ 'GET /tickets/t1/surcharges': [], 'GET /web/demo-accounts': { enabled: false } });
    render(<TicketSurcharges ticket={ticket('in_repair', ['assignee'])} onChanged={() => undefined} />);

    fireEvent.click(await screen.findByTestId('surcharge-ask'));
    expect(screen.getByTestId('surcharge-total').textContent).toBe('¥0.00');
  });

  it('shows the itemised quote and approval steps to everyone, with buttons only from actions', async () => {
    fakeApi({
      'GET /tickets/t1/surcharges': [surcharge({ actions: ['approve', 'refuse'] })],
      'GET /web/demo-accounts': { enabled: false },
    });
    render(<TicketSurcharges ticket={ticket('in_repair', ['dispatcher'])} onChanged={() => undefined} />);

    await screen.findByTestId('surcharge-steps');
    expect(screen.getAllByTestId('surcharge-line').map((line) => line.textContent)).toEqual([
      '角阀 × 2¥35.50 / 件 · ¥71.00',
      '人工 × 1¥50.00 / 件 · ¥50.00',
    ]);
    expect(screen.getByTestId('surcharge-card-total').textContent).toBe('¥121.00');
    expect(screen.getByTestId('surcharge-steps').textContent).toContain('调度员审批：待审批');
    expect(buttons()).toEqual(['surcharge-approve', 'surcharge-refuse']);
  });

  it('asks a reason before the resident declines', async () => {
    const api = fakeApi({
      'GET /tickets/t1/surcharges': [
        surcharge({ status: 'awaiting_resident', actions: ['agree', 'decline'] }),
      ],
      'GET /web/demo-accounts': { enabled: false },
    });
    render(<TicketSurcharges ticket={ticket('in_repair', ['reporter'])} onChanged={() => undefined} />);

    fireEvent.click(await screen.findByTestId('surcharge-decline'));
    fireEvent.click(screen.getByTestId('surcharge-action-confirm'));
    expect(api.calls.some((call) => call.path === '/surcharges/s1/decline')).toBe(false);
  });

  it('lets the resident pay in the demo cashier on H5 and waits for the payment to arrive', async () => {
    const toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    let current = surcharge({ status: 'awaiting_payment', actions: ['withdraw'] });
    const api = fakeApi({
      'GET /tickets/t1/surcharges': () => ok([current]),
      'GET /web/demo-accounts': { enabled: true },
      'POST /surcharges/s1/payment': {
        outTradeNo: 'SR1',
        amountFen: 12_100,
        requestPayment: {
          appId: 'wx',
          timeStamp: '1',
          nonceStr: 'n',
          package: 'prepay_id=p',
          signType: 'RSA',
          paySign: 's',
        },
        demo: true,
      },
      'POST /demo/wechat-pay/orders/SR1/pay': () => {
        current = { ...current, status: 'paid', paidFen: 12_100, actions: [] };
        return ok(undefined, 204);
      },
      'GET /surcharges/s1': () => ok(current),
    });
    const changed = jest.fn();
    render(<TicketSurcharges ticket={ticket('completed', ['reporter'])} onChanged={changed} />);

    fireEvent.click(await screen.findByTestId('surcharge-pay'));
    expect((await screen.findByTestId('demo-cashier')).textContent).toContain('演示支付');
    expect(screen.getByTestId('cashier-amount').textContent).toBe('¥121.00');
    fireEvent.click(screen.getByTestId('cashier-confirm'));

    await waitFor(() => expect(toast).toHaveBeenCalledWith({ title: '支付成功', icon: 'success' }));
    await waitFor(() =>
      expect(screen.getByTestId('surcharge-status').getAttribute('data-status')).toBe('paid'),
    );
    expect(screen.getByTestId('surcharge-paid').textContent).toBe('已支付 ¥121.00');
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toContain(
      'POST /demo/wechat-pay/orders/SR1/pay',
    );
    expect(changed).toHaveBeenCalled();
  });

  it('tells the resident on H5 without demo mode to pay in the mini program', async () => {
    fakeApi({
      'GET /tickets/t1/surcharges': [surcharge({ status: 'awaiting_payment' })],
      'GET /web/demo-accounts': { enabled: false },
    });
    render(<TicketSurcharges ticket={ticket('completed', ['reporter'])} onChanged={() => undefined} />);

    expect(await screen.findByText('请在微信小程序中完成支付')).toBeTruthy();
    expect(screen.queryByTestId('surcharge-pay')).toBeNull();
  });
});
