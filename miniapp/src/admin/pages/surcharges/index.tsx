import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { SurchargeStatus } from '@smart-repair/shared';
import { useState } from 'react';
import { ChoiceChips } from '../../../components/ChoiceChips';
import { StateView } from '../../../components/StateView';
import { SurchargeCard } from '../../../components/Surcharges/card';
import { Button } from '../../../components/ui';
import { useAction } from '../../../hooks/use-action';
import { useResource } from '../../../hooks/use-resource';
import { surchargesApi } from '../../../services/surcharges';
import { sessionStore } from '../../../stores/session';
import '../../../components/Surcharges/index.scss';
import './index.scss';

type Filter = 'pending_approval' | 'all';

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'pending_approval', label: '待审批' },
  { value: 'all', label: '全部' },
];

/** The office's surcharge queue: approve or refuse at the level the caller holds, open the ticket. */
export default function SurchargeApprovals() {
  const communityId = sessionStore.get()?.communityId ?? undefined;
  const [filter, setFilter] = useState<Filter>('pending_approval');
  const page = useResource(
    () =>
      surchargesApi.list({
        communityId,
        status: filter === 'all' ? undefined : (filter as SurchargeStatus),
      }),
    [communityId, filter],
  );
  const { busy, run } = useAction();

  const act = async (work: () => Promise<unknown>, success: string) => {
    if ((await run(work, success)) !== undefined) await page.reload();
  };

  return (
    <View className="approvals" data-testid="surcharge-approvals">
      <ChoiceChips choices={FILTERS} value={filter} onChange={setFilter} testId="approvals-filter" />
      <StateView
        loading={page.loading && !page.data}
        error={page.error}
        onRetry={page.reload}
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
