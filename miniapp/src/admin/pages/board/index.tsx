import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TicketStatus } from '@smart-repair/shared';
import { CommunityChips } from '../../../components/CommunityChips';
import { StateView } from '../../../components/StateView';
import { TicketList, type ListTab } from '../../../components/TicketList';
import { Button } from '../../../components/ui';
import { useCommunityChoice } from '../../../hooks/use-community-choice';
import { ticketsApi } from '../../../services/tickets';
import { sessionStore } from '../../../stores/session';
import { mayAnywhere } from '../../../utils/roles';
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
  const community = useCommunityChoice();
  const { communities, chosen } = community;
  const user = sessionStore.get()?.user;
  const mayApprove = user !== undefined && mayAnywhere(user, 'surcharge.approve');
  const maySeeFigures = user !== undefined && mayAnywhere(user, 'ticket.dispatch');

  return (
    <View className="board" data-testid="board">
      <StateView loading={communities.loading} error={communities.error} onRetry={communities.reload}>
        <CommunityChips choice={community} />
        {(mayApprove || maySeeFigures) && (
          <View className="board__tools">
            {maySeeFigures && (
              <Button
                className="board__tool"
                size="small"
                type="primary"
                fill="outline"
                data-testid="open-stats"
                onClick={() => void Taro.navigateTo({ url: '/admin/pages/stats/index' })}
              >
                数据统计
              </Button>
            )}
            {mayApprove && (
              <Button
                className="board__tool"
                size="small"
                type="primary"
                fill="outline"
                data-testid="open-surcharges"
                onClick={() => void Taro.navigateTo({ url: '/admin/pages/surcharges/index' })}
              >
                加价审批
              </Button>
            )}
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
