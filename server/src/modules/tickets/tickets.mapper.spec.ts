import { iso, storedMillis } from './tickets.mapper';

describe('iso', () => {
  it('writes exactly what Date#toISOString writes, across days, years and the edges of its range', () => {
    const times = [
      0,
      -1,
      Date.parse('2026-11-30T23:59:59.999Z'),
      Date.parse('2026-12-01T00:00:00.000Z'),
      Date.parse('2024-02-29T12:34:56.007Z'),
      Date.parse('1969-12-31T23:59:59.999Z'),
      Date.parse('0000-01-01T00:00:00.000Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
      Date.parse('+010000-01-01T00:00:00.000Z'),
      Date.parse('-000001-12-31T23:59:59.999Z'),
    ];
    // And a spread of times around now, several per day, as a page of tickets has them.
    let seed = 42;
    for (let i = 0; i < 2_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      times.push(Date.parse('2020-01-01T00:00:00Z') + Math.floor((seed / 2 ** 31) * 3e11));
    }
    for (const ms of times) expect(iso(new Date(ms))).toBe(new Date(ms).toISOString());
  });

  it('reads SQLite’s zone-less text as UTC, keeps an explicit zone, and passes null through', () => {
    expect(iso('2026-11-30 08:05:09.120')).toBe('2026-11-30T08:05:09.120Z');
    expect(iso('2026-11-30T16:05:09.120+08:00')).toBe('2026-11-30T08:05:09.120Z');
    expect(storedMillis('2026-11-30 08:05:09.120')).toBe(Date.parse('2026-11-30T08:05:09.120Z'));
    expect(iso(null)).toBeNull();
  });

  it('fails on an invalid time as toISOString does', () => {
    expect(() => iso(new Date(Number.NaN))).toThrow(RangeError);
  });
});
