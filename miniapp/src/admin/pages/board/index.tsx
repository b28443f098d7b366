import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TicketStatus } from '@smart-repair/shared';
import { useState } from 'react';
import { ChoiceChips } from '../../../components/ChoiceChips';
import { StateView } from '../../../components/StateView';
import { TicketList, type ListTab } from '../../../components/TicketList';
import { Button } from '../../../components/ui';
import { useResource } from '../../../hooks/use-resource';
import { listCommunities } from '../../../services/catalog';
import { ticketsApi } from '../../../services/tickets';
import { sessionStore } from '../../../stores/session';
import './index.scss';

type BoardTab = 'dispatch' | 'waiting' | 'working' | 'acceptance' | 'overdue' | 'all';

const TABS: readonly ListTab<BoardTab>[] = [
  { key: 'dispatch', label: '待派工', empty: '没有待派工的工单' },
  { key: 'waiting', label: '待接单', empty: '没有待接单的工单' },
  { key: 'working', label: '维修中', empty: '没有维修中的工单' },
  { key: 'acceptance', label: '待验收', empty: '没有待验收的工单' },
  { key: 'overdue', label: '超时', empty: '没有超时的工单' },
  { key: 'all', label: '全部', empty: '还没有工单' },
];

const STATUSES: Record<Exclude<BoardTab, 'overdue' | 'all'>, readonly TicketStatus[]> = {
  dispatch: ['reported', 'accepted'],
  waiting: ['dispatched'],
  working: ['assigned', 'in_repair', 'plan_pending', 'planned'],
  acceptance: ['completed'],
};

/** The office's dispatch board: every ticket of a community by what it waits for. */
export default function Board() {
  const communities = useResource(() => listCommunities(), []);
  const [communityId, setCommunityId] = useState(() => sessionStore.get()?.communityId ?? undefined);
  const chosen = communityId ?? communities.data?.[0]?.id;
  const mayApprove = Object.values(sessionStore.get()?.user.permissions ?? {}).some((granted) =>
    granted.includes('surcharge.approve'),
  );

  const choose = (id: string) => {
    setCommunityId(id);
    sessionStore.update({ communityId: id });
  };

  return (
    <View className="board" data-testid="board">
      <StateView loading={communities.loading} error={communities.error} onRetry={communities.reload}>
        {(communities.data?.length ?? 0) > 1 && (
          <View className="board__communities">
            <ChoiceChips
              choices={(communities.data ?? []).map((community) => ({
                value: community.id,
                label: community.name,
              }))}
              value={chosen}
              onChange={choose}
              testId="community"
            />
          </View>
        )}
        {mayApprove && (
          <View className="board__tools">
            <Button
              size="small"
              type="primary"
              fill="outline"
              data-testid="open-surcharges"
              onClick={() => void Taro.navigateTo({ url: '/admin/pages/surcharges/index' })}
            >
              加价审批
            </Button>
          </View>
        )}
        {chosen && (
          <TicketList
            tabs={TABS}
            keys={[chosen]}
            load={(tab, page) =>
              ticketsApi.board({
                communityId: chosen,
                page,
                overdue: tab === 'overdue' ? true : undefined,
                status: tab === 'overdue' || tab === 'all' ? undefined : STATUSES[tab],
              })
            }
            onOpen={(ticket) => void Taro.navigateTo({ url: `/admin/pages/ticket/index?id=${ticket.id}` })}
          />
        )}
      </StateView>
    </View>
  );
}
