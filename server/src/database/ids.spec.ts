import { newId } from './ids';

describe('newId', () => {
  it('makes RFC 9562 version-7 UUIDs that sort by creation time', () => {
    const ids = Array.from({ length: 50 }, () => newId());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(50);
    const first = newId();
    const later = (() => {
      const until = Date.now() + 2;
      while (Date.now() < until);
      return newId();
    })();
    expect(first < later).toBe(true);
  });
});
