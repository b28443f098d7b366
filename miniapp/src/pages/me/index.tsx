import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ROLE_LABELS } from '@smart-repair/shared';
import { Button } from '../../components/ui';
import { logout } from '../../services/auth';
import { sessionStore } from '../../stores/session';
import { APP_ROLE_LABELS, appRolesOf, HOME_PAGES, mayAnywhere } from '../../utils/roles';
import { LinkedAccounts } from './linked-accounts';
import './index.scss';

/** Who I am, my linked platform accounts and phone, where I can go, and logging out. */
export default function Me() {
  const session = sessionStore.get();
  if (session === null) return null;
  const { user } = session;
  return (
    <View className="me" data-testid="me">
      <Text className="me__name">{user.name}</Text>
      <Text className="me__org">{user.organizationName}</Text>
      {user.roles.map((grant) => (
        <Text key={`${grant.role}-${grant.communityId ?? '*'}`} className="me__role">
          {ROLE_LABELS[grant.role]} · {grant.communityName ?? '全部小区'}
        </Text>
      ))}
      <LinkedAccounts />
      <View className="me__entries">
        {appRolesOf(user).map((role) => (
          <Button
            key={role}
            block
            type="primary"
            onClick={() => void Taro.reLaunch({ url: HOME_PAGES[role] })}
          >
            {APP_ROLE_LABELS[role]}
          </Button>
        ))}
        {mayAnywhere(user, 'ticket.dispatch') && (
          <Button
            block
            type="primary"
            fill="outline"
            data-testid="open-stats"
            onClick={() => void Taro.navigateTo({ url: '/admin/pages/stats/index' })}
          >
            数据统计
          </Button>
        )}
        <Button
          block
          type="danger"
          fill="outline"
          data-testid="logout"
          onClick={() => void logout().finally(() => Taro.reLaunch({ url: '/pages/login/index' }))}
        >
          退出登录
        </Button>
      </View>
    </View>
  );
}
