import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  it('allows the limit per window, then says how long to wait, then resets', () => {
    let now = 1_000_000;
    const limiter = new LoginRateLimiter(3, 60_000, () => now);
    expect([limiter.hit('ip:1'), limiter.hit('ip:1'), limiter.hit('ip:1')]).toEqual([null, null, null]);
    expect(limiter.hit('ip:1')).toBe(60);
    expect(limiter.hit('ip:2')).toBeNull();
    now += 45_000;
    expect(limiter.hit('ip:1')).toBe(15);
    now += 15_000;
    expect(limiter.hit('ip:1')).toBeNull();
  });
});
