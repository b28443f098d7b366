import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ChoiceChips } from '../../components/ChoiceChips';
import { Button } from '../../components/ui';
import { useAction } from '../../hooks/use-action';
import { toApiError } from '../../services/api-error';
import { platformEnrol } from '../../services/auth';
import { enrolmentStore } from '../../stores/enrolment';
import { landingPageOf } from '../../utils/roles';
import './index.scss';

const backToLogin = () => void Taro.reLaunch({ url: '/pages/login/index' });

/** A new resident signed in by the host app for the first time chooses the community they live in. */
export default function Enrol() {
  const [pending, setPending] = useState(() => enrolmentStore.get());
  const [communityId, setCommunityId] = useState(() =>
    pending?.communities.length === 1 ? pending.communities[0]!.id : undefined,
  );
  const [name, setName] = useState('');
  const { busy, run } = useAction();

  if (pending === null) {
    return (
      <View className="enrol" data-testid="enrol-expired">
        <Text className="enrol__text">登录信息已过期，请重新登录。</Text>
        <Button type="primary" block onClick={backToLogin}>
          重新登录
        </Button>
      </View>
    );
  }

  const submit = async () => {
    if (communityId === undefined) return;
    const user = await run(async () => {
      try {
        return await platformEnrol(pending.enrolment, communityId, name.trim() || undefined);
      } catch (caught) {
        // The ten minutes are up: the person signs in again for a new token.
        if (toApiError(caught).code === 'ENROLMENT_INVALID') {
          enrolmentStore.clear();
          setPending(null);
        }
        throw caught;
      }
    });
    if (user) {
      enrolmentStore.clear();
      await Taro.reLaunch({ url: landingPageOf(user, { ...pending.code, communityId }) });
    }
  };

  return (
    <View className="enrol" data-testid="enrol">
      <Text className="enrol__title">欢迎使用智能报修</Text>
      <Text className="enrol__text">请选择您居住的小区，之后报修会直接送到这个小区的物业。</Text>
      {pending.communities.length === 0 ? (
        <View data-testid="enrol-none">
          <Text className="enrol__text">暂时没有可加入的小区，请联系物业。</Text>
          <Button block onClick={backToLogin}>
            返回
          </Button>
        </View>
      ) : (
        <>
          <ChoiceChips
            choices={pending.communities.map((community) => ({ value: community.id, label: community.name }))}
            value={communityId}
            onChange={setCommunityId}
            testId="enrol-community"
          />
          <View className="enrol__field">
            <Input
              className="enrol__input"
              value={name}
              maxlength={40}
              placeholder="怎么称呼您（可选）"
              data-testid="enrol-name"
              onInput={(event) => setName(event.detail.value)}
            />
          </View>
          <Button
            type="primary"
            block
            loading={busy}
            disabled={communityId === undefined}
            data-testid="enrol-submit"
            onClick={() => void submit()}
          >
            加入小区
          </Button>
        </>
      )}
    </View>
  );
}
