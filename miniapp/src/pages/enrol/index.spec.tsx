import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fail, fakeApi, ok, RESIDENT } from '../../../test/fake-api';
import { enrolmentStore } from '../../stores/enrolment';
import { sessionStore } from '../../stores/session';
import Enrol from './index';

const TWO = [
  { id: 'c1', name: '阳光花园' },
  { id: 'c2', name: '翠湖苑' },
];
const session = {
  accessToken: 'a',
  refreshToken: 'r',
  accessTokenExpiresIn: 900,
  refreshTokenExpiresAt: '',
  user: RESIDENT,
};

function typeName(value: string): void {
  act(() => {
    screen
      .getByTestId('enrol-name')
      .dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true }));
  });
}

describe('choosing a community on first sign-in', () => {
  beforeEach(() => {
    sessionStore.clear();
    enrolmentStore.clear();
  });
  afterEach(() => jest.restoreAllMocks());

  it('waits for a choice among several, then joins with the name given and opens the scanned place', async () => {
    const relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'ok' });
    enrolmentStore.set({ enrolment: 'e1', communities: TWO, code: { locationId: 'L1' } });
    const api = fakeApi({ 'POST /auth/platform-enrol': () => ok({ outcome: 'signed_in', session }) });
    render(<Enrol />);

    expect(screen.getAllByTestId(/^enrol-community-/).map((chip) => chip.textContent)).toEqual([
      '阳光花园',
      '翠湖苑',
    ]);
    fireEvent.click(screen.getByTestId('enrol-submit'));
    expect(api.calls).toHaveLength(0);

    fireEvent.click(screen.getByTestId('enrol-community-c2'));
    typeName(' 孙女士 ');
    fireEvent.click(screen.getByTestId('enrol-submit'));

    await waitFor(() =>
      expect(relaunch).toHaveBeenCalledWith({
        url: '/resident/pages/report/index?locationId=L1&communityId=c2',
      }),
    );
    expect(api.calls[0]!.body).toEqual({ enrolment: 'e1', communityId: 'c2', name: '孙女士' });
    expect(api.calls[0]!.authorization).toBeUndefined();
    expect(sessionStore.get()?.user.id).toBe(RESIDENT.id);
    expect(enrolmentStore.get()).toBeNull();
  });

  it('chooses the only community by itself and sends no name when none is given', async () => {
    const relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'ok' });
    enrolmentStore.set({ enrolment: 'e1', communities: [TWO[0]!], code: {} });
    const api = fakeApi({ 'POST /auth/platform-enrol': () => ok({ outcome: 'signed_in', session }) });
    render(<Enrol />);

    expect(screen.getByTestId('enrol-community-c1').className).toContain('chips__chip--on');
    fireEvent.click(screen.getByTestId('enrol-submit'));

    await waitFor(() => expect(relaunch).toHaveBeenCalledWith({ url: '/resident/pages/tickets/index' }));
    expect(api.calls[0]!.body).toEqual({ enrolment: 'e1', communityId: 'c1' });
  });

  it('sends the person back to sign in when the ten minutes are up', async () => {
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    enrolmentStore.set({ enrolment: 'e1', communities: TWO, code: {} });
    fakeApi({ 'POST /auth/platform-enrol': () => fail(400, 'ENROLMENT_INVALID') });
    render(<Enrol />);

    fireEvent.click(screen.getByTestId('enrol-community-c1'));
    fireEvent.click(screen.getByTestId('enrol-submit'));

    expect(await screen.findByTestId('enrol-expired')).toBeTruthy();
    expect(enrolmentStore.get()).toBeNull();
  });

  it('says when no community takes new residents, and when nothing is pending', () => {
    enrolmentStore.set({ enrolment: 'e1', communities: [], code: {} });
    const { unmount } = render(<Enrol />);
    expect(screen.getByTestId('enrol-none').textContent).toContain('暂时没有可加入的小区');
    unmount();

    enrolmentStore.clear();
    render(<Enrol />);
    expect(screen.getByTestId('enrol-expired').textContent).toContain('登录信息已过期');
  });
});
