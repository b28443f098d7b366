import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { TicketList, type ListTab } from '../../../components/TicketList';
import { Button } from '../../../components/ui';
import { ticketsApi } from '../../../services/tickets';
import './index.scss';

const TABS: readonly ListTab<'open' | 'finished'>[] = [
  { key: 'open', label: '进行中', empty: '没有进行中的报修' },
  { key: 'finished', label: '已结束', empty: '没有已结束的报修' },
];

/** My reports, with the way to make a new one. */
export default function MyTickets() {
  return (
    <View className="my-tickets" data-testid="my-tickets">
      <View className="my-tickets__bar">
        <Button
          type="primary"
          block
          data-testid="new-report"
          onClick={() => void Taro.navigateTo({ url: '/resident/pages/report/index' })}
        >
          我要报修
        </Button>
      </View>
      <TicketList
        tabs={TABS}
        load={(state, page) => ticketsApi.mine(state, page)}
        onOpen={(ticket) => void Taro.navigateTo({ url: `/resident/pages/ticket/index?id=${ticket.id}` })}
      />
    </View>
  );
}
