import { Button as NativeButton, Text, View } from '@tarojs/components';
import { PLATFORM_APP_KIND_LABELS } from '@smart-repair/shared';
import { useState } from 'react';
import { StateView } from '../../components/StateView';
import { Button } from '../../components/ui';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { platform } from '../../platform';
import { bindPhone, platformIdentities } from '../../services/auth';
import { linkHostAccount } from '../../services/platform-session';
import { sessionStore } from '../../stores/session';
import { formatTime } from '../../utils/format';

/**
 * The platform accounts linked to me; in a host app that does not know me yet, linking it; in
 * WeChat, binding the phone number WeChat has verified.
 */
export function LinkedAccounts() {
  const identities = useResource(() => platformIdentities(), []);
  const { busy, run } = useAction();
  const [phone, setPhone] = useState(() => sessionStore.get()?.user.phone ?? null);
  // Linking takes a fresh login code; the H5 page inside WeChat has none to give (it signs in
  // through the official account's authorisation page instead).
  const host = platform.capabilities.loginCode ? platform.login : null;
  const hostLinked =
    host !== null &&
    (identities.data ?? []).some((identity) => identity.kind === host.kind && identity.appId === host.appId);

  const link = async () => {
    if (await run(() => linkHostAccount(), '已绑定')) await identities.reload();
  };

  const onPhone = async (code: string | undefined) => {
    // No code: the person said no in WeChat's own dialog.
    if (!code) return;
    const binding = await run(() => bindPhone(code, phone !== null), '手机号已绑定');
    if (binding) setPhone(binding.phone);
  };

  return (
    <View className="me__card" data-testid="linked-accounts">
      <Text className="me__section">已绑定的账号</Text>
      <StateView
        loading={identities.loading && !identities.data}
        error={identities.error}
        onRetry={identities.reload}
        empty={identities.data?.length === 0 && '还没有绑定微信、企业微信、钉钉或百度账号'}
      >
        {(identities.data ?? []).map((identity) => (
          <View key={identity.id} className="me__identity" data-testid={`identity-${identity.kind}`}>
            <Text>{PLATFORM_APP_KIND_LABELS[identity.kind]}</Text>
            <Text className="me__identity-meta">
              {identity.lastLoginAt ? `最近登录 ${formatTime(identity.lastLoginAt)}` : '尚未登录过'}
            </Text>
          </View>
        ))}
      </StateView>
      {host !== null && identities.data && !hostLinked && (
        <Button size="small" type="primary" fill="outline" loading={busy} onClick={() => void link()}>
          绑定当前{PLATFORM_APP_KIND_LABELS[host.kind]}账号
        </Button>
      )}
      {platform.capabilities.phoneNumber && (
        <View className="me__phone">
          <Text>手机号：{phone ?? '未绑定'}</Text>
          <NativeButton
            className="me__phone-button"
            size="mini"
            openType="getPhoneNumber"
            disabled={busy}
            onGetPhoneNumber={(event) => void onPhone((event.detail as { code?: string }).code)}
          >
            {phone ? '更换为微信手机号' : '使用微信手机号'}
          </NativeButton>
        </View>
      )}
    </View>
  );
}
