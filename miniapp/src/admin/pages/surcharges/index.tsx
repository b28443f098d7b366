import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { SurchargeStatus } from '@smart-repair/shared';
import { useState } from 'react';
import { ChoiceChips } from '../../../components/ChoiceChips';
import { CommunityChips } from '../../../components/CommunityChips';
import { StateView } from '../../../components/StateView';
import { SurchargeCard } from '../../../components/Surcharges/card';
import { Button } from '../../../components/ui';
import { useAction } from '../../../hooks/use-action';
import { useCommunityChoice } from '../../../hooks/use-community-choice';
import { useResource } from '../../../hooks/use-resource';
import { surchargesApi } from '../../../services/surcharges';
import '../../../components/Surcharges/index.scss';
import './index.scss';

type Filter = 'pending_approval' | 'all';

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'pending_approval', label: '待审批' },
  { value: 'all', label: '全部' },
];

/** The office's surcharge queue: approve or refuse at the level the caller holds, open the ticket. */
export default function SurchargeApprovals() {
  const community = useCommunityChoice({ allowAll: true });
  const { chosen, communityId } = community;
  const [filter, setFilter] = useState<Filter>('pending_approval');
  // Waits for the communities, so the queue is asked for once, for the chosen one.
  const page = useResource(
    async () =>
      chosen === undefined
        ? undefined
        : surchargesApi.list({
            communityId,
            status: filter === 'all' ? undefined : (filter as SurchargeStatus),
          }),
    [chosen, filter],
  );
  const { busy, run } = useAction();

  const act = async (work: () => Promise<unknown>, success: string) => {
    if ((await run(work, success)) !== undefined) await page.reload();
  };

  return (
    <View className="approvals" data-testid="surcharge-approvals">
      <CommunityChips choice={community} />
      <View className="approvals__filters">
        <ChoiceChips choices={FILTERS} value={filter} onChange={setFilter} testId="approvals-filter" />
      </View>
      <StateView
        loading={(page.loading && !page.data) || (chosen === undefined && !community.communities.error)}
        error={community.communities.error ?? page.error}
        onRetry={community.communities.error ? community.communities.reload : page.reload}
        empty={page.data?.items.length === 0 && (filter === 'all' ? '还没有加价申请' : '没有待审批的加价')}
      >
        {(page.data?.items ?? []).map((surcharge) => (
          <View key={surcharge.id} className="approvals__item">
            <SurchargeCard
              surcharge={surcharge}
              busy={busy}
              testId={`approval-${surcharge.id}`}
              onAction={(work, success) => void act(work, success)}
            />
            <Button
              size="small"
              fill="none"
              type="primary"
              onClick={() =>
                void Taro.navigateTo({ url: `/admin/pages/ticket/index?id=${surcharge.ticketId}` })
              }
            >
              查看工单 ›
            </Button>
          </View>
        ))}
      </StateView>
    </View>
  );
}
