import { chinaDay, chinaMidnight, chinaMinute } from './china-time';

describe('China time', () => {
  it('puts an instant late on a UTC day on the next China day', () => {
    expect(chinaDay(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(chinaDay(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
  });

  it('shows the wall clock to the minute', () => {
    expect(chinaMinute(new Date('2026-11-30T16:05:42Z'))).toBe('2026-12-01 00:05');
  });

  it('finds the instant the China day began', () => {
    expect(chinaMidnight(new Date('2026-11-30T16:05:00Z')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(chinaMidnight(new Date('2026-11-30T15:59:00Z')).toISOString()).toBe('2026-11-29T16:00:00.000Z');
  });
});
