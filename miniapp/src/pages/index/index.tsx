import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../components/ui';
import { sessionStore } from '../../stores/session';
import { codeFromPageParams, codeQuery } from '../../utils/report-code';
import { APP_ROLE_LABELS, appRolesOf, HOME_PAGES, landingPageOf } from '../../utils/roles';
import './index.scss';

/**
 * The landing page: to the login page when nobody is logged in, else one entry per role held. A QR
 * code that opened the app (its query, or WeChat's `q`) is carried on: to the login page, or for a
 * resident straight to the report form.
 */
export default function Index() {
  const { params } = useRouter();
  const [session, setSession] = useState(() => sessionStore.get());

  useDidShow(() => {
    const current = sessionStore.get();
    setSession(current);
    const code = codeFromPageParams(params);
    const query = codeQuery(code);
    if (current === null) {
      void Taro.redirectTo({ url: `/pages/login/index${query ? `?${query}` : ''}` });
      return;
    }
    const landing = landingPageOf(current.user, code);
    if (query && landing.startsWith('/resident/pages/report')) void Taro.redirectTo({ url: landing });
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
