import { TicketCounterEntity } from '../../src/modules/tickets/entities/ticket-counter.entity';
import { TicketNumbers } from '../../src/modules/tickets/ticket-numbers';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Ticket numbers (F1.2): read aloud, unique per community and day however many processes hand
 * them out at once, and reserved in blocks that grow while reports pour in.
 */
describe('ticket numbers', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
  });
  afterAll(() => t.close());

  /** The counter row of a community's day: the last number any process has reserved. */
  const reserved = async (communityId: string, day: string) =>
    (await t.dataSource.getRepository(TicketCounterEntity).findOneBy({ communityId, day }))?.last ?? 0;

  it('never gives the same number twice, even from several processes drawing at once', async () => {
    // Four instances stand for four server processes: each reserves its own blocks.
    const processes = [1, 2, 3, 4].map(() => new TicketNumbers(t.dataSource));
    const now = new Date('2026-11-30T02:00:00Z'); // 10:00 in Shanghai
    const drawn = await Promise.all(
      Array.from({ length: 300 }, (_, i) => processes[i % 4]!.next(tenant.a.id, now)),
    );
    expect(new Set(drawn).size).toBe(300);
    for (const number of drawn) expect(number).toMatch(/^261130-\d{4,}$/);
    // Another community counts on its own.
    expect(await processes[0]!.next(tenant.b.id, now)).toBe('261130-0001');
  });

  it('takes bigger blocks while numbers go fast, and small ones again after a quiet spell', async () => {
    const numbers = new TicketNumbers(t.dataSource);
    const start = new Date('2026-12-01T01:00:00Z').getTime();
    const draw = async (count: number, at: number) => {
      for (let i = 0; i < count; i += 1) await numbers.next(tenant.a.id, new Date(at));
    };
    await draw(1, start);
    expect(await reserved(tenant.a.id, '261201')).toBe(20);
    // The first block used up within a second: the next is twice as big, and so on.
    await draw(20, start + 1_000);
    expect(await reserved(tenant.a.id, '261201')).toBe(20 + 40);
    await draw(40, start + 2_000);
    expect(await reserved(tenant.a.id, '261201')).toBe(20 + 40 + 80);
    // A block that lasted longer than the busy spell is followed by the smallest again.
    await draw(80, start + 60_000);
    expect(await reserved(tenant.a.id, '261201')).toBe(20 + 40 + 80 + 20);
  });
});
