import {
  CODE_PATTERN,
  LIMITS,
  PHONE_PATTERN,
  USERNAME_PATTERN,
  clampPageSize,
  maskPhone,
  passwordProblem,
} from './limits';

describe('clampPageSize', () => {
  it('defaults, clamps and truncates', () => {
    expect(clampPageSize(undefined)).toBe(LIMITS.pageSizeDefault);
    expect(clampPageSize(Number.NaN)).toBe(LIMITS.pageSizeDefault);
    expect(clampPageSize(0)).toBe(1);
    expect(clampPageSize(-5)).toBe(1);
    expect(clampPageSize(10.9)).toBe(10);
    expect(clampPageSize(1_000_000)).toBe(LIMITS.pageSizeMax);
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('hides short values entirely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('patterns', () => {
  it('accepts mainland mobile numbers only', () => {
    expect(PHONE_PATTERN.test('13812345678')).toBe(true);
    expect(PHONE_PATTERN.test('12812345678')).toBe(false);
    expect(PHONE_PATTERN.test('1381234567')).toBe(false);
  });
  it('refuses all-digit usernames, which would read as phones', () => {
    expect(USERNAME_PATTERN.test('13812345678')).toBe(false);
    expect(USERNAME_PATTERN.test('wang.li_2')).toBe(true);
    expect(USERNAME_PATTERN.test('wang li')).toBe(false);
  });
  it('keeps codes URL-safe', () => {
    expect(CODE_PATTERN.test('B3-east')).toBe(true);
    expect(CODE_PATTERN.test('-B3')).toBe(false);
    expect(CODE_PATTERN.test('B/3')).toBe(false);
  });
});

describe('passwordProblem', () => {
  it('refuses short, repeated and digit-only passwords', () => {
    expect(passwordProblem('short1')).toMatch(/at least/);
    expect(passwordProblem('aaaaaaaaaa')).toMatch(/repeated/);
    expect(passwordProblem('1234567890')).toMatch(/digits/);
    expect(passwordProblem('x'.repeat(200) + 'y')).toMatch(/at most/);
  });
  it('accepts a reasonable passphrase', () => {
    expect(passwordProblem('leaky-pipe-2026')).toBeNull();
  });
});
