import type { FakePlatforms, FakeWechatPay } from '@smart-repair/fake-platforms';
import type { PlatformAppKind } from '@smart-repair/shared';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig, PlatformBaseUrls } from '../config/app-config';
import { newId } from '../database/ids';
import { inTransaction } from '../database/transaction';
import { PlatformIdentityEntity } from '../modules/identity/entities/platform-identity.entity';
import { RoleAssignmentEntity } from '../modules/identity/entities/role-assignment.entity';
import { UserEntity } from '../modules/identity/entities/user.entity';
import { OrganizationEntity } from '../modules/org/entities/organization.entity';
import { PaymentMerchantEntity } from '../modules/payments/entities/payment-merchant.entity';
import { PlatformAppEntity } from './platform-app.entity';
import { SecretBox } from './secret-box';

/** The demo organisation's apps: ids anyone can read in the demo, secrets made at first start. */
export const DEMO_PLATFORM_APPS: readonly {
  kind: PlatformAppKind;
  appId: string;
  name: string;
  agentId: string | null;
}[] = [
  {
    kind: 'wechat_miniprogram',
    appId: 'wxdemo5a1e0c7f3b2d',
    name: '示范物业报修（微信小程序）',
    agentId: null,
  },
  { kind: 'wechat_official', appId: 'wxdemo0a1f2e3d4c5b', name: '示范物业服务号', agentId: null },
  { kind: 'wecom', appId: 'wwdemo7c2b9e4f1a06', name: '示范物业企业微信', agentId: '1000002' },
  { kind: 'dingtalk', appId: 'dingdemo4e8f2a1c9b', name: '示范物业钉钉', agentId: '3000001' },
  { kind: 'baidu', appId: 'bddemo8a3c5e7f1d2b', name: '示范物业报修（百度）', agentId: null },
];

export interface DemoPlatforms {
  fake: FakePlatforms;
  wechatPay: FakeWechatPay;
  baseUrls: PlatformBaseUrls;
  close(): Promise<void>;
}

/**
 * Demo mode (FAKE_PLATFORMS): the fake WeChat, WeCom, DingTalk and Baidu servers run inside this
 * process on a free loopback port, every stored app is registered with them, and the demo
 * organisation gets its apps and its people's platform accounts (staff in WeCom and DingTalk,
 * residents in WeChat), so notifications go out and arrive with no platform account at all.
 * The fakes are loaded only here, so production never loads them.
 */
export async function startDemoPlatforms(config: AppConfig, dataSource: DataSource): Promise<DemoPlatforms> {
  const { startFakePlatforms, startFakeWechatPay } = await import('@smart-repair/fake-platforms');
  const box = new SecretBox(config.platforms.secretsKey);
  if (config.demoData) await seedDemoApps(dataSource, box);

  const fake = await startFakePlatforms({ port: 0 });
  const wechatPay = await startFakeWechatPay({ port: 0 });
  await registerMerchants(dataSource, box, wechatPay);
  const apps = await dataSource
    .getRepository(PlatformAppEntity)
    .createQueryBuilder('app')
    .addSelect('app.secretCipher')
    .where({ active: true })
    .getMany();
  for (const app of apps) {
    const members = await dataSource.getRepository(PlatformIdentityEntity).find({
      where: { kind: app.kind, appId: app.appId },
    });
    const secret = box.open(app.secretCipher);
    const agentId = app.agentId === null ? undefined : Number(app.agentId);
    switch (app.kind) {
      case 'wechat_miniprogram':
      case 'wechat_official':
        fake.addApp('wechat', { appid: app.appId, secret });
        break;
      case 'wecom':
        fake.addApp('wecom', { corpid: app.appId, secret, agentId, users: members.map((m) => m.subject) });
        break;
      case 'dingtalk':
        fake.addApp('dingtalk', { appKey: app.appId, secret, agentId });
        break;
      case 'baidu':
        fake.addApp('baidu', { appKey: app.appId, secret });
        break;
    }
  }
  const { wechat, wecom, dingtalkOapi, dingtalkApi, baidu } = fake.baseUrls;
  return {
    fake,
    wechatPay,
    close: async () => {
      await Promise.all([fake.close(), wechatPay.close()]);
    },
    // The fakes have no OAuth page of their own; the H5 demo signs in with passwords.
    baseUrls: {
      wechat,
      wechatOpen: wechat,
      wecom,
      dingtalkOapi,
      dingtalkApi,
      baidu,
      wechatPay: wechatPay.baseUrl,
    },
  };
}

/** Once: the demo organisation's apps, and its people's accounts on them. */
async function seedDemoApps(dataSource: DataSource, box: SecretBox): Promise<void> {
  const organization = await dataSource.getRepository(OrganizationEntity).findOneBy({ code: 'DEMO' });
  if (organization === null) return;
  const seeded = await dataSource
    .getRepository(PlatformAppEntity)
    .exists({ where: { organizationId: organization.id } });
  if (seeded) return;
  const people = await dataSource
    .getRepository(UserEntity)
    .createQueryBuilder('user')
    .innerJoin(RoleAssignmentEntity, 'grant', 'grant.userId = user.id')
    .where('user.organizationId = :id AND user.username IS NOT NULL', { id: organization.id })
    .select(['user.id AS id', 'user.username AS username', 'grant.role AS role'])
    .getRawMany<{ id: string; username: string; role: string }>();

  await inTransaction(dataSource, async (manager) => {
    for (const app of DEMO_PLATFORM_APPS) {
      const secret = randomBytes(16).toString('hex');
      await manager.insert(PlatformAppEntity, {
        id: newId(),
        organizationId: organization.id,
        kind: app.kind,
        appId: app.appId,
        name: app.name,
        secretCipher: box.seal(secret),
        secretHint: secret.slice(-4),
        agentId: app.agentId,
        active: true,
      });
    }
    for (const person of people) {
      // Staff work in WeCom and DingTalk; residents use the WeChat mini-program.
      const kinds: PlatformAppKind[] =
        person.role === 'resident' ? ['wechat_miniprogram'] : ['wecom', 'dingtalk'];
      for (const kind of kinds) {
        const app = DEMO_PLATFORM_APPS.find((candidate) => candidate.kind === kind)!;
        await manager.insert(PlatformIdentityEntity, {
          id: newId(),
          organizationId: organization.id,
          userId: person.id,
          kind,
          appId: app.appId,
          subject:
            kind === 'wechat_miniprogram' ? `o-demo-${person.username}` : person.username.replace('.', '-'),
          unionId: null,
          lastLoginAt: null,
        });
      }
    }
  });
}

/**
 * The demo organisation gets a WeChat Pay merchant made by the fake at its first start (keys sealed
 * like any merchant's); every stored merchant is registered with the fake at each start.
 */
async function registerMerchants(
  dataSource: DataSource,
  box: SecretBox,
  wechatPay: FakeWechatPay,
): Promise<void> {
  const merchants = dataSource.getRepository(PaymentMerchantEntity);
  const organization = await dataSource.getRepository(OrganizationEntity).findOneBy({ code: 'DEMO' });
  if (organization !== null && !(await merchants.exists({ where: { organizationId: organization.id } }))) {
    const appid = DEMO_PLATFORM_APPS.find((app) => app.kind === 'wechat_miniprogram')!.appId;
    const made = wechatPay.createTestMerchant({ mode: 'certificate', appid });
    await merchants.insert({
      id: newId(),
      organizationId: organization.id,
      mchid: made.mchid,
      appid,
      serialNo: made.serialNo,
      privateKeyCipher: box.seal(made.privateKeyPem),
      certificatePem: made.certificatePem,
      apiV3KeyCipher: box.seal(made.apiV3Key),
      verificationMode: 'certificate',
      publicKeyId: null,
      publicKeyPem: null,
    });
    return;
  }
  const rows = await merchants.createQueryBuilder('merchant').addSelect('merchant.apiV3KeyCipher').getMany();
  for (const row of rows) {
    // Public-key merchants need the real WeChat Pay's key; the fake can only stand in for certificate mode.
    if (row.verificationMode !== 'certificate') continue;
    wechatPay.addMerchant({
      mchid: row.mchid,
      appids: [row.appid],
      certificatePem: row.certificatePem,
      apiV3Key: box.open(row.apiV3KeyCipher),
      mode: 'certificate',
    });
  }
}
