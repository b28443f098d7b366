import type { FakeWechatPay, TestWechatPayMerchant } from '@smart-repair/fake-platforms';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { newId } from '../../src/database/ids';
import { PlatformIdentityEntity } from '../../src/modules/identity/entities/platform-identity.entity';
import type { TestCommunity, TestTenant } from '../factories/tenant.factory';
import { bearer, login } from './auth';
import type { TestApp } from './test-app';
import { act, reportTicket } from './tickets';

/** A loopback port nobody listens on right now, so an app can know its own address before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Settings for an app on `port` that pays through the fake WeChat Pay and is called back there. */
export function paymentEnv(pay: FakeWechatPay, port: number): Record<string, string> {
  return {
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    WECHATPAY_API_BASE: pay.baseUrl,
  };
}

/**
 * Gives the tenant's organisation a merchant made by the fake (through the real HQ route), and
 * the community's resident a WeChat mini-program account of the paying app. Answers the merchant.
 */
export async function setUpMerchant(
  t: TestApp,
  pay: FakeWechatPay,
  tenant: TestTenant,
  mode: 'certificate' | 'public_key' = 'certificate',
): Promise<TestWechatPayMerchant & { openids: Map<string, string> }> {
  const appid = `wx${randomBytes(8).toString('hex')}`;
  const merchant = pay.createTestMerchant({ mode, appid });
  const hq = (await login(t, tenant.hq.username)).accessToken;
  const response = await t
    .http()
    .put('/api/payment-merchant')
    .set(bearer(hq))
    .send({
      mchid: merchant.mchid,
      appid,
      serialNo: merchant.serialNo,
      privateKeyPem: merchant.privateKeyPem,
      certificatePem: merchant.certificatePem,
      apiV3Key: merchant.apiV3Key,
      verificationMode: mode,
      ...(merchant.verification.mode === 'public_key'
        ? { publicKeyId: merchant.verification.keyId, publicKeyPem: merchant.verification.publicKeyPem }
        : {}),
    });
  if (response.status !== 200)
    throw new Error(`setting the merchant answered ${response.status}: ${JSON.stringify(response.body)}`);
  const openids = new Map<string, string>();
  for (const community of [tenant.a, tenant.b]) {
    const openid = `o${randomBytes(10).toString('hex')}`;
    openids.set(community.users.resident.id, openid);
    await t.dataSource.getRepository(PlatformIdentityEntity).insert({
      id: newId(),
      organizationId: tenant.organizationId,
      userId: community.users.resident.id,
      kind: 'wechat_miniprogram',
      appId: appid,
      subject: openid,
      unionId: null,
      lastLoginAt: null,
    });
  }
  return { ...merchant, openids };
}

/** ¥121 in two lines: under the admin's threshold, so the dispatcher alone approves it. */
export const SMALL_SURCHARGE = {
  reason: 'damage_by_person',
  lines: [
    { name: '角阀（铜）', quantity: 2, unitPriceFen: 3550 },
    { name: '人工', quantity: 1, unitPriceFen: 5000 },
  ],
};

/**
 * A surcharge the community's resident has agreed to, on a ticket the engineer took: through the
 * real routes, as each person. `room` keeps reports apart when duplicate linking is on.
 */
export async function agreedSurcharge(
  t: TestApp,
  community: TestCommunity,
  room = 0,
): Promise<{ surchargeId: string; ticketId: string; resident: string }> {
  const token = async (role: 'resident' | 'engineer' | 'dispatcher') =>
    (await login(t, community.users[role].username)).accessToken;
  const resident = await token('resident');
  const engineer = await token('engineer');
  const ticket = await reportTicket(t, resident, community, {}, room);
  await act(t, engineer, ticket.id, 'take').expect(200);
  const requested = await t
    .http()
    .post(`/api/tickets/${ticket.id}/surcharges`)
    .set(bearer(engineer))
    .send(SMALL_SURCHARGE)
    .expect(201);
  const surchargeId = requested.body.id as string;
  await t
    .http()
    .post(`/api/surcharges/${surchargeId}/approve`)
    .set(bearer(await token('dispatcher')))
    .send({})
    .expect(200);
  await t.http().post(`/api/surcharges/${surchargeId}/agree`).set(bearer(resident)).send({}).expect(200);
  return { surchargeId, ticketId: ticket.id, resident };
}
