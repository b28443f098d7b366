import {
  TICKET_ACTIONS,
  TICKET_ACTORS,
  TICKET_STATUSES,
  availableActions,
  transition,
  type TicketAction,
  type TicketActor,
  type TicketStatus,
} from './ticket-workflow';

/**
 * The lifecycle written a second time, by hand, as a reader of F2 would state it: in each status,
 * which actor may take which action and where it leads. The spec walks every
 * status × action × actor and checks the table in ticket-workflow.ts against this.
 */
const EXPECTED: Record<
  TicketStatus,
  Partial<Record<TicketAction, { to: TicketStatus; by: TicketActor[] }>>
> = {
  reported: {
    accept: { to: 'accepted', by: ['dispatcher', 'admin', 'system'] },
    dispatch: { to: 'dispatched', by: ['dispatcher', 'admin', 'system'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
    cancel: { to: 'cancelled', by: ['reporter'] },
  },
  accepted: {
    dispatch: { to: 'dispatched', by: ['dispatcher', 'admin', 'system'] },
    claim: { to: 'assigned', by: ['candidate'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
    cancel: { to: 'cancelled', by: ['reporter'] },
  },
  dispatched: {
    redispatch: { to: 'dispatched', by: ['dispatcher', 'admin', 'system'] },
    take: { to: 'assigned', by: ['assignee'] },
    return: { to: 'accepted', by: ['assignee'] },
    transfer: { to: 'dispatched', by: ['assignee'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
    cancel: { to: 'cancelled', by: ['reporter'] },
  },
  assigned: {
    redispatch: { to: 'dispatched', by: ['dispatcher', 'admin', 'system'] },
    return: { to: 'accepted', by: ['assignee'] },
    transfer: { to: 'dispatched', by: ['assignee'] },
    request_assistance: { to: 'assigned', by: ['assignee'] },
    join: { to: 'assigned', by: ['invitee'] },
    start: { to: 'in_repair', by: ['assignee'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
    cancel: { to: 'cancelled', by: ['reporter'] },
  },
  in_repair: {
    request_assistance: { to: 'in_repair', by: ['assignee'] },
    join: { to: 'in_repair', by: ['invitee'] },
    complete: { to: 'completed', by: ['assignee'] },
    request_plan: { to: 'plan_pending', by: ['assignee'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
  },
  plan_pending: {
    approve_plan: { to: 'planned', by: ['admin', 'reviewer'] },
    refuse_plan: { to: 'in_repair', by: ['admin', 'reviewer'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
  },
  planned: {
    start: { to: 'in_repair', by: ['assignee'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
  },
  completed: {
    pass: { to: 'verified', by: ['dispatcher', 'admin', 'system'] },
    rework: { to: 'assigned', by: ['dispatcher', 'admin'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
  },
  verified: {
    rate: { to: 'closed', by: ['reporter', 'system'] },
    close: { to: 'closed', by: ['dispatcher', 'admin', 'system'] },
  },
  closed: {
    reopen: { to: 'accepted', by: ['dispatcher', 'admin'] },
  },
  cancelled: {
    reopen: { to: 'accepted', by: ['dispatcher', 'admin'] },
  },
};

describe('ticket workflow', () => {
  const cases = TICKET_STATUSES.flatMap((status) =>
    TICKET_ACTIONS.flatMap((action) => TICKET_ACTORS.map((actor) => [status, action, actor] as const)),
  );

  it('is walked over every status × action × actor', () => {
    expect(cases).toHaveLength(TICKET_STATUSES.length * TICKET_ACTIONS.length * TICKET_ACTORS.length);
  });

  it.each(cases)('%s · %s · %s', (status, action, actor) => {
    const expected = EXPECTED[status][action];
    const result = transition(status, action, [actor]);
    const want = !expected
      ? { ok: false, refusal: 'ACTION_NOT_ALLOWED_IN_STATUS' }
      : expected.by.includes(actor)
        ? { ok: true, to: expected.to }
        : { ok: false, refusal: 'ACTOR_NOT_ALLOWED' };
    expect(result).toEqual(want);
  });

  it('offers the buttons the table allows, for several parts at once', () => {
    expect(availableActions('dispatched', ['assignee'])).toEqual(['take', 'return', 'transfer']);
    expect(availableActions('completed', ['admin', 'reviewer'])).toEqual(['pass', 'rework', 'close']);
    expect(availableActions('in_repair', ['reporter'])).toEqual([]);
    expect(availableActions('verified', ['reporter'])).toEqual(['rate']);
  });

  it('lets nobody act on a cancelled ticket but the office reopening it', () => {
    for (const actor of TICKET_ACTORS) {
      expect(availableActions('cancelled', [actor])).toEqual(
        actor === 'admin' || actor === 'dispatcher' ? ['reopen'] : [],
      );
    }
  });
});
