import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { PLATFORM_APP_KIND_LABELS, ROLE_LABELS } from '@smart-repair/shared';
import { useEffect, useMemo, useState } from 'react';
import { Button } from '../../components/ui';
import { messageFor } from '../../constants/messages';
import { useAction } from '../../hooks/use-action';
import { useHostSignIn } from '../../hooks/use-host-sign-in';
import { useResource } from '../../hooks/use-resource';
import { platform } from '../../platform';
import { demoAccounts, login } from '../../services/auth';
import { enrolmentStore } from '../../stores/enrolment';
import { codeFromPageParams, codeQuery } from '../../utils/report-code';
import { landingPageOf } from '../../utils/roles';
import './index.scss';

/**
 * Signing in. In WeChat, WeCom, DingTalk and Baidu the host app signs the person in by itself (a
 * QR code's community comes along); so does the H5 page opened inside WeChat when the build names
 * an official account, by a trip through WeChat's authorisation page. A new resident picks their
 * community next. The password form is for the browser, for staff whose account in the host app
 * is not linked yet (in the mini programs it is linked after this login), and for when the host
 * app's sign-in failed. In demo mode, one tap per demo account.
 */
export default function Login() {
  const { params } = useRouter();
  const code = useMemo(() => codeFromPageParams(params), [params]);
  const host = useHostSignIn(code.communityId);
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const { busy, run } = useAction();
  const demo = useResource(() => demoAccounts(), []);
  const hostName = platform.login ? PLATFORM_APP_KIND_LABELS[platform.login.kind] : '';

  useEffect(() => {
    const { state } = host;
    if (state.step === 'signed_in') void Taro.reLaunch({ url: landingPageOf(state.user, code) });
    if (state.step === 'choose_community') {
      enrolmentStore.set({ enrolment: state.enrolment, communities: state.communities, code });
      void Taro.redirectTo({ url: `/pages/enrol/index?${codeQuery(code)}` });
    }
  }, [host.state]);

  const submit = async (name = account, secret = password) => {
    const user = await run(() => login(name.trim(), secret));
    if (!user) return;
    if (await host.afterPasswordLogin())
      void Taro.showToast({ title: `已绑定${hostName}账号`, icon: 'success' });
    await Taro.reLaunch({ url: landingPageOf(user, code) });
  };

  const { state } = host;
  if (state.step !== 'password') {
    return (
      <View className="login login--host" data-testid="login-host">
        <Text className="login__title">智能报修</Text>
        <Text className="login__subtitle">正在通过{hostName}登录…</Text>
      </View>
    );
  }

  return (
    <View className="login" data-testid="login">
      <Text className="login__title">智能报修</Text>
      <Text className="login__subtitle">登录后报修、接单或派单</Text>
      {state.reason === 'not_linked' && (
        <Text className="login__note" data-testid="login-not-linked">
          您的{hostName}
          账号还没有绑定。请用用户名或手机号和密码登录一次，登录后自动绑定，以后打开即可直接登录。
        </Text>
      )}
      {state.reason === 'failed' && (
        <View className="login__note" data-testid="login-host-failed">
          <Text>
            {hostName}登录没有成功：{state.error ? messageFor(state.error.code) : '请重试'}
          </Text>
          <Button size="small" type="primary" fill="outline" onClick={() => void host.retry()}>
            重试{hostName}登录
          </Button>
        </View>
      )}
      <View className="login__field">
        <Input
          className="login__input"
          value={account}
          placeholder="用户名或手机号"
          data-testid="login-account"
          onInput={(event) => setAccount(event.detail.value)}
        />
      </View>
      <View className="login__field">
        <Input
          className="login__input"
          value={password}
          password
          placeholder="密码"
          data-testid="login-password"
          onInput={(event) => setPassword(event.detail.value)}
          onConfirm={() => void submit()}
        />
      </View>
      <Button
        type="primary"
        block
        loading={busy}
        disabled={account.trim() === '' || password === ''}
        data-testid="login-submit"
        onClick={() => void submit()}
      >
        登录
      </Button>
      {demo.data?.enabled && demo.data.password !== null && (
        <View className="login__demo" data-testid="demo-accounts">
          <Text className="login__demo-title">演示账号（密码 {demo.data.password}），点一下即可登录</Text>
          {demo.data.accounts.map((item) => (
            <View
              key={item.username}
              className="login__demo-item"
              data-testid={`demo-${item.username}`}
              onClick={() => void submit(item.username, demo.data!.password!)}
            >
              <Text className="login__demo-name">{item.username}</Text>
              <Text className="login__demo-role">
                {ROLE_LABELS[item.role]} · {item.communityName ?? '全部小区'} · {item.name}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
