import type { FakePlatforms } from '@smart-repair/fake-platforms';
import type { PlatformAppKind } from '@smart-repair/shared';
import { randomBytes } from 'node:crypto';
import { bearer, login } from './auth';
import type { TestApp } from './test-app';

/** The settings that point every platform base URL of a test app at the fake platforms. */
export function platformEnv(fake: FakePlatforms): Record<string, string> {
  return {
    WECHAT_API_BASE: fake.baseUrls.wechat,
    WECOM_API_BASE: fake.baseUrls.wecom,
    DINGTALK_OAPI_BASE: fake.baseUrls.dingtalkOapi,
    DINGTALK_API_BASE: fake.baseUrls.dingtalkApi,
    BAIDU_OPENAPI_BASE: fake.baseUrls.baidu,
  };
}

/** Which fake registry each kind of app lives in, and the id field it goes by there. */
const FAKE_REGISTRY = {
  wechat_miniprogram: ['wechat', 'appid'],
  wechat_official: ['wechat', 'appid'],
  wecom: ['wecom', 'corpid'],
  dingtalk: ['dingtalk', 'appKey'],
  baidu: ['baidu', 'appKey'],
} as const;

export interface RegisteredApp {
  id: string;
  kind: PlatformAppKind;
  appId: string;
  secret: string;
  agentId?: number;
}

/**
 * Registers a new app of the kind with the fake platform and, through the real HQ route, with the
 * organisation of `hqUsername`. Ids are random, so every test can have apps of its own.
 */
export async function registerApp(
  t: TestApp,
  fake: FakePlatforms,
  hqUsername: string,
  kind: PlatformAppKind,
  options: { agentId?: number } = {},
): Promise<RegisteredApp> {
  const appId = `${kind.slice(0, 2)}${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  const [platform, idField] = FAKE_REGISTRY[kind];
  fake.addApp(platform, { [idField]: appId, secret, agentId: options.agentId });
  const { accessToken } = await login(t, hqUsername);
  const response = await t
    .http()
    .post('/api/platform-apps')
    .set(bearer(accessToken))
    .send({
      kind,
      appId,
      name: `测试${kind}`,
      secret,
      ...(options.agentId === undefined ? {} : { agentId: String(options.agentId) }),
    });
  if (response.status !== 201)
    throw new Error(`registering ${kind} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { id: (response.body as { id: string }).id, kind, appId, secret, agentId: options.agentId };
}
