import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { amr, jpeg, png } from '../fixtures/media';
import { bearer, login, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

/** Photos and voice notes on a ticket: claimed by it, shown to whoever may see the ticket only. */
describe('ticket attachments (F1.2, F2.4, R10)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    Object.assign(
      tokens,
      await loginRoles(t, tenant.a, ['resident', 'engineer', 'admin', 'vendor'] as const),
    );
    tokens.residentB = (await login(t, tenant.b.users.resident.username)).accessToken;
  });
  afterAll(() => t.close());

  const upload = async (token: string, file: Buffer, name: string) => {
    const response = await t
      .http()
      .post('/api/attachments')
      .set(bearer(token))
      .field('communityId', tenant.a.id)
      .attach('file', file, name);
    expect(response.status).toBe(201);
    return response.body as { id: string; kind: string };
  };
  const download = (token: string, id: string) =>
    t
      .http()
      .get(`/api/attachments/${id}`)
      .set(bearer(token))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('reports with a photo and a voice note; the engineer sees them, other residents do not', async () => {
    const photo = await upload(tokens.resident!, jpeg(), '漏水.jpg');
    const voice = await upload(tokens.resident!, amr(), 'voice.amr');
    const ticket = await reportTicket(
      t,
      tokens.resident!,
      tenant.a,
      { attachmentIds: [photo.id, voice.id] },
      0,
    );
    expect(
      (ticket.attachments as { id: string; kind: string; purpose: string }[])
        .map((a) => [a.kind, a.purpose])
        .sort(),
    ).toEqual([
      ['audio', 'report'],
      ['image', 'report'],
    ]);
    const forEngineer = await download(tokens.engineer!, photo.id);
    expect(forEngineer.status).toBe(200);
    expect(forEngineer.headers['content-type']).toBe('image/jpeg');
    expect(forEngineer.headers['content-disposition']).toMatch(/^inline;/);
    expect(Buffer.compare(forEngineer.body as Buffer, jpeg())).toBe(0);
    expect((await download(tokens.residentB!, photo.id)).status).toBe(404);
    expect((await download(tokens.vendor!, photo.id)).status).toBe(404);
  });

  it('refuses someone else’s upload, or one already used by another ticket', async () => {
    const theirs = await upload(tokens.admin!, png(), 'p.png');
    const refused = await t
      .http()
      .post('/api/tickets')
      .set(bearer(tokens.resident!))
      .send({
        communityId: tenant.a.id,
        locationId: tenant.a.rooms[1],
        categoryId: tenant.a.categoryId,
        attachmentIds: [theirs.id],
      });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('ATTACHMENT_INVALID');
    const mine = await upload(tokens.resident!, png(), 'p.png');
    await reportTicket(t, tokens.resident!, tenant.a, { attachmentIds: [mine.id] }, 2);
    const again = await t
      .http()
      .post('/api/tickets')
      .set(bearer(tokens.resident!))
      .send({
        communityId: tenant.a.id,
        locationId: tenant.a.rooms[3],
        categoryId: tenant.a.categoryId,
        attachmentIds: [mine.id],
      });
    expect(again.status).toBe(400);
    // Nothing of the refused report was kept.
    const mineList = await t.http().get('/api/tickets/mine?pageSize=100').set(bearer(tokens.resident!));
    expect(
      mineList.body.items.filter((item: { locationId: string }) => item.locationId === tenant.a.rooms[3]),
    ).toEqual([]);
  });

  it('completes with photos after the repair, shown as completion photos', async () => {
    const ticket = await reportTicket(t, tokens.resident!, tenant.a, {}, 4);
    await act(t, tokens.engineer!, ticket.id, 'take');
    await act(t, tokens.engineer!, ticket.id, 'start');
    const after = await upload(tokens.engineer!, png(4, 4), 'after.png');
    const completed = await act(t, tokens.engineer!, ticket.id, 'complete', {
      faultCause: 'damage',
      handlingMethod: '更换面板',
      attachmentIds: [after.id],
    });
    expect(completed.status).toBe(200);
    expect(completed.body.attachments).toEqual([
      expect.objectContaining({ id: after.id, purpose: 'completion', kind: 'image' }),
    ]);
    expect((await download(tokens.resident!, after.id)).status).toBe(200);
  });
});
