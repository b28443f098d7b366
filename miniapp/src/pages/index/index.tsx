import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../components/ui';
import { sessionStore } from '../../stores/session';
import { APP_ROLE_LABELS, appRolesOf, HOME_PAGES } from '../../utils/roles';
import './index.scss';

/** The landing page: to the login page when nobody is logged in, else one entry per role held. */
export default function Index() {
  const [session, setSession] = useState(() => sessionStore.get());

  useDidShow(() => {
    const current = sessionStore.get();
    setSession(current);
    if (current === null) void Taro.redirectTo({ url: '/pages/login/index' });
  });

  return (
    <View className="home" data-testid="home">
      <Text className="home__title" data-testid="home-title">
        智能报修
      </Text>
      <Text className="home__intro" data-testid="home-intro">
        面向住宅物业公司的报修平台：住户报修，物业派单，工程师上门维修。
      </Text>
      {session && (
        <View className="home__entries">
          <Text className="home__hello">您好，{session.user.name}</Text>
          {appRolesOf(session.user).map((role) => (
            <Button
              key={role}
              className="home__entry"
              type="primary"
              block
              data-testid={`enter-${role}`}
              onClick={() => void Taro.navigateTo({ url: HOME_PAGES[role] })}
            >
              {APP_ROLE_LABELS[role]}
            </Button>
          ))}
          <Button
            block
            data-testid="enter-me"
            onClick={() => void Taro.navigateTo({ url: '/pages/me/index' })}
          >
            我的
          </Button>
        </View>
      )}
    </View>
  );
}
