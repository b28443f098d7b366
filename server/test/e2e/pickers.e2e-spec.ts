import { DEFAULT_COMMUNITY_SETTINGS } from '@smart-repair/shared';
import { createTenant, type TestTenant } from '../factories/tenant.factory';
import { bearer, login, loginRoles } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, reportTicket } from '../support/tickets';

/** What the apps read to draw their forms: the report form and the people work can go to. */
describe('what the apps need to draw their forms', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let tokens: Record<'resident' | 'engineer' | 'admin' | 'reviewer', string>;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t.dataSource);
    other = await createTenant(t.dataSource);
    tokens = await loginRoles(t, tenant.a, ['resident', 'engineer', 'admin', 'reviewer'] as const);
  });
  afterAll(() => t?.close());

  it('shows a resident the community’s report form as the office set it', async () => {
    const form = {
      ...DEFAULT_COMMUNITY_SETTINGS.form,
      video: { show: false, required: false },
      appointment: { show: true, required: true },
    };
    await t
      .http()
      .put(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin))
      .send({ ...DEFAULT_COMMUNITY_SETTINGS, form })
      .expect(200);
    const seen = await t
      .http()
      .get(`/api/communities/${tenant.a.id}/report-form`)
      .set(bearer(tokens.resident))
      .expect(200);
    expect(seen.body).toEqual(form);
    // Not the resident's community, not their organisation: not there.
    expect(
      (await t.http().get(`/api/communities/${tenant.b.id}/report-form`).set(bearer(tokens.resident))).status,
    ).toBe(404);
    expect(
      (await t.http().get(`/api/communities/${other.a.id}/report-form`).set(bearer(tokens.resident))).status,
    ).toBe(404);
    // The reviewer does not report.
    expect(
      (await t.http().get(`/api/communities/${tenant.a.id}/report-form`).set(bearer(tokens.reviewer))).status,
    ).toBe(403);
  });

  it('lists the engineers a ticket can go to, its trade first, for the people handing it on', async () => {
    await t
      .http()
      .put(`/api/communities/${tenant.a.id}/settings`)
      .set(bearer(tokens.admin))
      .send(DEFAULT_COMMUNITY_SETTINGS)
      .expect(200);
    const ticket = await reportTicket(t, tokens.resident, tenant.a, {}, 3);
    await act(t, tokens.engineer, ticket.id, 'take').expect(200);
    const choices = await t
      .http()
      .get(`/api/tickets/${ticket.id}/engineers`)
      .set(bearer(tokens.engineer))
      .expect(200);
    const rows = choices.body as { id: string; inTrade: boolean; openTickets: number; onDuty: boolean }[];
    const engineer = rows.find((row) => row.id === tenant.a.users.engineer.id);
    expect(engineer).toMatchObject({ inTrade: true, onDuty: true });
    expect(engineer!.openTickets).toBeGreaterThanOrEqual(1);
    // Only field roles of this community, none of community b.
    const ids = rows.map((row) => row.id);
    expect(ids).toEqual(expect.arrayContaining([tenant.a.users.temp_engineer.id, tenant.a.users.vendor.id]));
    expect(ids).not.toContain(tenant.b.users.engineer.id);
    expect(ids).not.toContain(tenant.a.users.admin.id);
    expect(rows[0]!.inTrade).toBe(true);
    await t.http().get(`/api/tickets/${ticket.id}/engineers`).set(bearer(tokens.admin)).expect(200);
    // The reporter sees the ticket but hands nothing on.
    expect(
      (await t.http().get(`/api/tickets/${ticket.id}/engineers`).set(bearer(tokens.resident))).status,
    ).toBe(403);
    const outsider = (await login(t, other.hq.username)).accessToken;
    expect((await t.http().get(`/api/tickets/${ticket.id}/engineers`).set(bearer(outsider))).status).toBe(
      404,
    );
  });
});
