import { act, renderHook, waitFor } from '@testing-library/react';
import { fakePlatform } from '../../test/fake-platform';
import { fakeApi, signIn } from '../../test/fake-api';
import { templatesToAsk, useSubscribeConsent } from './use-subscribe-consent';

jest.mock('../platform', () => ({ platform: jest.requireActual('../../test/fake-platform').fakePlatform }));

const CONSENTS = {
  appId: 'wxdemo5a1e0c7f3b2d',
  templates: [
    { templateId: 'T-done', events: ['complete'], remaining: 2 },
    { templateId: 'T-taken', events: ['take'], remaining: 0 },
    { templateId: 'T-dispatched', events: ['dispatch'], remaining: 1 },
    { templateId: 'T-rated', events: ['rate'], remaining: 5 },
  ],
};

describe('subscribe consent', () => {
  beforeEach(() => {
    signIn();
    fakePlatform.login = { kind: 'wechat_miniprogram', appId: 'wxdemo5a1e0c7f3b2d' };
    fakePlatform.requestSubscribe.mockReset();
  });

  it('asks for the three templates with the fewest messages left', () => {
    expect(templatesToAsk(CONSENTS as never)).toEqual(['T-taken', 'T-dispatched', 'T-done']);
  });

  it('in WeChat, asks inside the tap and records each answer', async () => {
    fakePlatform.capabilities.subscribe = true;
    fakePlatform.requestSubscribe.mockResolvedValue({
      'T-taken': 'accept',
      'T-dispatched': 'reject',
      'T-done': 'ban',
    });
    const api = fakeApi({
      'GET /notifications/consents': CONSENTS,
      'POST /notifications/consents': CONSENTS,
    });
    const { result } = renderHook(() => useSubscribeConsent());
    await waitFor(() => expect(api.calls).toHaveLength(1));

    await act(() => result.current());

    expect(fakePlatform.requestSubscribe).toHaveBeenCalledWith(['T-taken', 'T-dispatched', 'T-done']);
    expect(api.calls[1]).toMatchObject({
      method: 'POST',
      path: '/notifications/consents',
      body: {
        appId: 'wxdemo5a1e0c7f3b2d',
        results: { 'T-taken': 'accept', 'T-dispatched': 'reject', 'T-done': 'ban' },
      },
    });
  });

  it('is silent when the dialog fails', async () => {
    fakePlatform.capabilities.subscribe = true;
    fakePlatform.requestSubscribe.mockRejectedValue({ errMsg: 'requestSubscribeMessage:fail cancel' });
    const api = fakeApi({ 'GET /notifications/consents': CONSENTS });
    const first = renderHook(() => useSubscribeConsent());
    await waitFor(() => expect(api.calls).toHaveLength(1));
    await act(() => first.result.current());
    expect(fakePlatform.requestSubscribe).toHaveBeenCalledTimes(1);
    expect(api.calls).toHaveLength(1);
  });

  it('asks nothing where there are no subscribe messages', async () => {
    fakePlatform.capabilities.subscribe = false;
    const quiet = fakeApi({});
    const second = renderHook(() => useSubscribeConsent());
    await act(() => second.result.current());
    expect(quiet.calls).toHaveLength(0);
  });
});
