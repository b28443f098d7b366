import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { sessionStore } from '../../stores/session';
import { signIn, userWith } from '../../../test/fake-api';
import Index from './index';

describe('landing page', () => {
  beforeEach(() => sessionStore.clear());
  afterEach(() => jest.restoreAllMocks());

  it('sends someone not logged in to the login page', () => {
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' });
    render(<Index />);

    expect(screen.getByTestId('home-title').textContent).toBe('智能报修');
    expect(redirect).toHaveBeenCalledWith({ url: '/pages/login/index' });
  });

  it('offers one entry per role the person holds, office first', () => {
    const redirect = jest.spyOn(Taro, 'redirectTo');
    signIn(
      userWith([
        { role: 'resident', communityId: 'c1', communityName: '阳光花园' },
        { role: 'dispatcher', communityId: 'c1', communityName: '阳光花园' },
      ]),
    );
    render(<Index />);

    expect(redirect).not.toHaveBeenCalled();
    expect(screen.getByTestId('enter-admin').textContent).toContain('调度台');
    expect(screen.getByTestId('enter-resident').textContent).toContain('我要报修');
    expect(screen.queryByTestId('enter-engineer')).toBeNull();
  });
});
