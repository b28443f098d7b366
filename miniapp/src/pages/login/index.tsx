import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ROLE_LABELS } from '@smart-repair/shared';
import { useState } from 'react';
import { Button } from '../../components/ui';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { demoAccounts, login } from '../../services/auth';
import { homePageOf } from '../../utils/roles';
import './index.scss';

/** Log in with username (or phone) and password; in demo mode, one tap per demo account. */
export default function Login() {
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const { busy, run } = useAction();
  const demo = useResource(() => demoAccounts(), []);

  const submit = async (name = account, secret = password) => {
    const user = await run(() => login(name.trim(), secret));
    if (user) await Taro.reLaunch({ url: homePageOf(user) });
  };

  return (
    <View className="login" data-testid="login">
      <Text className="login__title">智能报修</Text>
      <Text className="login__subtitle">登录后报修、接单或派单</Text>
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
