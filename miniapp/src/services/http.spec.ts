import { sessionStore } from '../stores/session';
import { fail, fakeApi, ok, signIn } from '../../test/fake-api';
import { ApiError } from './api-error';
import { configureHttp, request } from './http';

describe('http service', () => {
  beforeEach(() => sessionStore.clear());

  it('resolves with the body and sends the access token', async () => {
    signIn();
    const api = fakeApi({ 'GET /auth/me': { name: '孙女士' } });

    await expect(request('GET', '/auth/me')).resolves.toEqual({ name: '孙女士' });
    expect(api.calls[0]!.authorization).toBe('Bearer access-1');
  });

  it('rejects with a typed error carrying the API’s code, never resolving on failure', async () => {
    signIn();
    fakeApi({ 'POST /tickets/t1/take': () => fail(409, 'TICKET_STATUS_CONFLICT') });

    const error = await request('POST', '/tickets/t1/take').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'TICKET_STATUS_CONFLICT', status: 409, requestId: 'request-1' });
  });

  it('names a body that is not an error body by its status', async () => {
    fakeApi({ 'GET /health': () => ok('<html>', 502) });
    await expect(request('GET', '/health', { anonymous: true })).rejects.toMatchObject({
      code: 'INTERNAL_ERROR',
    });
  });

  it('turns a failed connection into NETWORK_ERROR', async () => {
    configureHttp({ transport: () => Promise.reject(new Error('request:fail')) });
    await expect(request('GET', '/health', { anonymous: true })).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
    });
  });

  it('renews an expired token once for requests that fail together, then sends them again', async () => {
    signIn(undefined, 'old');
    let refreshes = 0;
    const api = fakeApi({
      'GET /tickets/mine': (call) =>
        call.authorization === 'Bearer new' ? ok({ items: [] }) : fail(401, 'TOKEN_EXPIRED'),
      'POST /auth/refresh': () => {
        refreshes += 1;
        return ok({ accessToken: 'new', refreshToken: 'refresh-2', accessTokenExpiresIn: 900 });
      },
    });

    await Promise.all([request('GET', '/tickets/mine'), request('GET', '/tickets/mine')]);

    expect(refreshes).toBe(1);
    expect(api.calls.filter((call) => call.path === '/auth/refresh')[0]!.body).toEqual({
      refreshToken: 'refresh-1',
    });
    expect(sessionStore.get()).toMatchObject({ accessToken: 'new', refreshToken: 'refresh-2' });
  });

  it('ends the session when the refresh token is refused', async () => {
    signIn();
    const api = fakeApi({
      'GET /tickets/mine': () => fail(401, 'TOKEN_EXPIRED'),
      'POST /auth/refresh': () => fail(401, 'REFRESH_TOKEN_REUSED'),
    });

    await expect(request('GET', '/tickets/mine')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(sessionStore.get()).toBeNull();
    expect(api.ended).toHaveBeenCalledTimes(1);
  });
});
