import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi, signIn, userWith } from '../../../../test/fake-api';
import { sessionStore } from '../../../stores/session';
import SurchargeApprovals from './index';

const COMMUNITIES = [
  { id: 'c1', code: 'SUNNY', name: '阳光花园', address: '', active: true },
  { id: 'c2', code: 'LAKE', name: '翠湖苑', address: '', active: true },
];
const EMPTY = { items: [], total: 0, page: 1, pageSize: 20 };

describe('surcharge approvals queue', () => {
  beforeEach(() => {
    signIn(userWith([{ role: 'dispatcher', communityId: 'c1', communityName: '阳光花园' }]));
    sessionStore.update({ communityId: 'c2' });
  });

  it('starts at the community last chosen and switches with the community chips', async () => {
    const api = fakeApi({ 'GET /communities': COMMUNITIES, 'GET /surcharges': EMPTY });
    render(<SurchargeApprovals />);

    expect((await screen.findByTestId('state-empty')).textContent).toBe('没有待审批的加价');
    expect(screen.getByTestId('community-c2').className).toContain('chips__chip--on');
    fireEvent.click(screen.getByTestId('community-c1'));
    await waitFor(() => expect(api.calls.filter((call) => call.path === '/surcharges')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('community-all'));
    await waitFor(() => expect(api.calls.filter((call) => call.path === '/surcharges')).toHaveLength(3));

    expect(api.calls.filter((call) => call.path === '/surcharges').map((call) => call.query)).toEqual([
      { communityId: 'c2', status: 'pending_approval' },
      { communityId: 'c1', status: 'pending_approval' },
      { status: 'pending_approval' },
    ]);
    expect(sessionStore.get()?.communityId).toBe('c1');
  });

  it('shows no chips with one community', async () => {
    fakeApi({ 'GET /communities': [COMMUNITIES[0]], 'GET /surcharges': EMPTY });
    render(<SurchargeApprovals />);

    await screen.findByTestId('state-empty');
    expect(screen.queryByTestId('community')).toBeNull();
  });
});
