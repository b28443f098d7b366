import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { TICKET_STATUSES, type TicketStatus } from '@smart-repair/shared';
import type { TicketStats } from '../../../services/types';
import { sessionStore } from '../../../stores/session';
import { fail, fakeApi, signIn, userWith } from '../../../../test/fake-api';
import { rangeStart } from '../../../services/stats';
import { formatHours } from './figures';
import Stats from './index';

const DISPATCHER = {
  ...userWith([
    { role: 'dispatcher', communityId: 'c1', communityName: '阳光花园' },
    { role: 'dispatcher', communityId: 'c2', communityName: '翠湖苑' },
  ]),
  permissions: { c1: ['ticket.dispatch'], c2: ['ticket.dispatch'] },
};

const COMMUNITIES = [
  { id: 'c1', code: 'SUNNY', name: '阳光花园', address: '', active: true },
  { id: 'c2', code: 'LAKE', name: '翠湖苑', address: '', active: true },
];

const byStatus = (counts: Partial<Record<TicketStatus, number>>) =>
  Object.fromEntries(TICKET_STATUSES.map((status) => [status, counts[status] ?? 0])) as Record<
    TicketStatus,
    number
  >;

function stats(patch: Partial<TicketStats> = {}): TicketStats {
  return {
    communityId: 'c1',
    range: { from: '2026-11-23T16:00:00.000Z', to: '2026-11-30T08:00:00.000Z', clamped: false },
    reported: 9,
    byStatus: byStatus({ reported: 1, in_repair: 2, completed: 1, closed: 5 }),
    daily: [
      { day: '2026-11-24', reported: 1 },
      { day: '2026-11-25', reported: 0 },
      { day: '2026-11-26', reported: 4 },
      { day: '2026-11-27', reported: 2 },
      { day: '2026-11-28', reported: 0 },
      { day: '2026-11-29', reported: 0 },
      { day: '2026-11-30', reported: 2 },
    ],
    byCategory: [
      { categoryId: 'k1', name: '水龙头', reported: 5 },
      { categoryId: 'k2', name: '照明', reported: 4 },
    ],
    byEngineer: [
      {
        engineerId: 'e1',
        name: '李水工',
        completed: 4,
        averageHoursToComplete: 3.75,
        rated: 3,
        averageRating: 4.67,
      },
      {
        engineerId: 'e2',
        name: '王电工',
        completed: 2,
        averageHoursToComplete: null,
        rated: 0,
        averageRating: null,
      },
    ],
    averageHours: {
      reportToDispatch: 0.5,
      dispatchToTake: 0.75,
      takeToComplete: 2.4,
      completeToAcceptance: 60,
    },
    ratings: { rated: 3, average: 4.67, bad: 1 },
    overdueNow: 2,
    surcharges: { paidFen: 36_300, refundedFen: 5000, netFen: 31_300 },
    ...patch,
  };
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('figures page', () => {
  beforeEach(() => {
    signIn(DISPATCHER);
    sessionStore.update({ communityId: 'c1' });
  });

  it('shows the headline numbers, the reports of each day as bars, categories, engineers and money', async () => {
    const api = fakeApi({ 'GET /communities': COMMUNITIES, 'GET /stats/tickets': stats() });
    render(<Stats />);

    expect(await screen.findByTestId('stats-reported')).toBeTruthy();
    expect(text('stats-reported')).toBe('9');
    expect(text('stats-open')).toBe('3');
    expect(text('stats-done')).toBe('6');
    expect(text('stats-overdue')).toBe('2');
    expect(text('stats-rating')).toBe('4.7');
    expect(text('stats-bad')).toBe('1');

    const bars = screen.getAllByTestId('stats-daily-bar');
    expect(bars.map((bar) => [bar.dataset.label, bar.dataset.value])).toEqual([
      ['11-24', '1'],
      ['11-25', '0'],
      ['11-26', '4'],
      ['11-27', '2'],
      ['11-28', '0'],
      ['11-29', '0'],
      ['11-30', '2'],
    ]);
    expect(bars[2]!.style.height).toBe('100%');
    expect(bars[3]!.style.height).toBe('50%');
    expect(text('stats-daily-max')).toBe('4 单');

    expect(screen.getAllByTestId('stats-category').map((row) => row.textContent)).toEqual([
      '水龙头5',
      '照明4',
    ]);
    expect(screen.getAllByTestId('stats-engineer').map((row) => row.textContent)).toEqual([
      '李水工43.8 小时4.7',
      '王电工2——',
    ]);
    expect(text('stats-step-reportToDispatch')).toContain('30 分钟');
    expect(text('stats-step-completeToAcceptance')).toContain('2.5 天');
    expect(text('stats-paid')).toBe('¥363.00');
    expect(text('stats-refunded')).toBe('¥50.00');
    expect(text('stats-net')).toBe('¥313.00');

    // The board's community, the last 30 days from the start of a China-time day.
    const asked = api.calls.filter((call) => call.path === '/stats/tickets');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.query).toEqual({ communityId: 'c1', from: rangeStart(30) });
  });

  it('asks again for another range or community, and for all communities without one', async () => {
    const api = fakeApi({ 'GET /communities': COMMUNITIES, 'GET /stats/tickets': stats() });
    render(<Stats />);
    await screen.findByTestId('stats-reported');

    fireEvent.click(screen.getByTestId('stats-range-7'));
    await waitFor(() => expect(api.calls.filter((call) => call.path === '/stats/tickets')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('community-all'));
    await waitFor(() => expect(api.calls.filter((call) => call.path === '/stats/tickets')).toHaveLength(3));
    fireEvent.click(screen.getByTestId('community-c2'));
    await waitFor(() => expect(api.calls.filter((call) => call.path === '/stats/tickets')).toHaveLength(4));

    expect(api.calls.filter((call) => call.path === '/stats/tickets').map((call) => call.query)).toEqual([
      { communityId: 'c1', from: rangeStart(30) },
      { communityId: 'c1', from: rangeStart(7) },
      { from: rangeStart(7) },
      { communityId: 'c2', from: rangeStart(7) },
    ]);
    // A single community chosen here is the one the board shows next.
    expect(sessionStore.get()?.communityId).toBe('c2');
  });

  it('says so when nothing happened in the range', async () => {
    fakeApi({
      'GET /communities': COMMUNITIES,
      'GET /stats/tickets': stats({
        reported: 0,
        byStatus: byStatus({}),
        daily: [{ day: '2026-11-30', reported: 0 }],
        byCategory: [],
        byEngineer: [],
        ratings: { rated: 0, average: null, bad: 0 },
        overdueNow: 0,
        surcharges: { paidFen: 0, refundedFen: 0, netFen: 0 },
      }),
    });
    render(<Stats />);

    expect((await screen.findByTestId('state-empty')).textContent).toBe('最近 30 天没有报修');
    expect(screen.queryByTestId('stats-daily')).toBeNull();
  });

  it('says why the figures did not load and offers to retry', async () => {
    fakeApi({ 'GET /communities': COMMUNITIES, 'GET /stats/tickets': () => fail(403, 'FORBIDDEN') });
    render(<Stats />);

    expect(await screen.findByTestId('state-error')).toBeTruthy();
    expect(screen.getByTestId('state-retry')).toBeTruthy();
  });
});

describe('figures', () => {
  it('reads hours as minutes, hours or days', () => {
    expect(formatHours(null)).toBe('—');
    expect(formatHours(0.001)).toBe('不到 1 分钟');
    expect(formatHours(0.25)).toBe('15 分钟');
    expect(formatHours(3.75)).toBe('3.8 小时');
    expect(formatHours(72)).toBe('3.0 天');
  });

  it('starts a range at a China-time midnight, whole days back', () => {
    // 2026-11-30 01:30 in China is still 2026-11-29 in UTC.
    const now = new Date('2026-11-29T17:30:00.000Z');
    expect(rangeStart(1, now)).toBe('2026-11-29T16:00:00.000Z');
    expect(rangeStart(7, now)).toBe('2026-11-23T16:00:00.000Z');
  });
});
