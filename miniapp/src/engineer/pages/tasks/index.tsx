import Taro from '@tarojs/taro';
import { TicketList, type ListTab } from '../../../components/TicketList';
import { ticketsApi, type TaskBucket } from '../../../services/tickets';

const TABS: readonly ListTab<TaskBucket>[] = [
  { key: 'new', label: '新任务', empty: '没有新任务' },
  { key: 'in_progress', label: '进行中', empty: '没有进行中的任务' },
  { key: 'overdue', label: '已超时', empty: '没有超时的任务' },
  { key: 'done', label: '已完成', empty: '还没有完成的任务' },
];

/** The engineer's inbox: new orders, work in hand, overdue and done. */
export default function Tasks() {
  return (
    <TicketList
      tabs={TABS}
      load={(bucket, page) => ticketsApi.tasks(bucket, page)}
      onOpen={(ticket) => void Taro.navigateTo({ url: `/engineer/pages/ticket/index?id=${ticket.id}` })}
    />
  );
}
