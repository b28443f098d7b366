import { Text, View } from '@tarojs/components';
import { ROLES, ROLE_LABELS } from '@smart-repair/shared';
import './index.scss';

export default function Index() {
  return (
    <View className="home" data-testid="home">
      <Text className="home__title" data-testid="home-title">
        智能报修
      </Text>
      <Text className="home__intro" data-testid="home-intro">
        面向住宅物业公司的报修平台：住户报修，物业派单，工程师上门维修。
      </Text>
      <View className="home__roles" data-testid="home-roles">
        <Text className="home__roles-title">支持的角色</Text>
        {ROLES.map((role) => (
          <Text key={role} className="home__role" data-testid={`role-${role}`}>
            {ROLE_LABELS[role]}
          </Text>
        ))}
      </View>
    </View>
  );
}
