import { Text, View } from '@tarojs/components';
import { isTicketAction, TICKET_ACTION_LABELS, TICKET_STATUS_LABELS } from '@smart-repair/shared';

/** Events on a ticket that are not lifecycle actions: surcharges and their payment. */
const OTHER_EVENT_LABELS: Record<string, string> = {
  surcharge_requested: '申请加价',
  surcharge_approved: '加价审批通过',
  surcharge_refused: '加价被驳回',
  surcharge_quoted: '加价报价给住户',
  surcharge_agreed: '住户同意加价',
  surcharge_declined: '住户拒绝加价',
  surcharge_withdrawn: '加价已撤回',
  payment_received: '加价已支付',
  surcharge_refunded: '加价已退款',
};
import type { TicketEvent } from '../../services/types';
import { formatTime } from '../../utils/format';
import './index.scss';

/** Every step of the ticket, newest first: what, who, when and why (F1.4). */
export function Timeline({ events }: { events: readonly TicketEvent[] }) {
  const newestFirst = [...events].sort((a, b) => b.seq - a.seq);
  return (
    <View className="timeline" data-testid="timeline">
      {newestFirst.map((event) => (
        <View key={event.seq} className="timeline__item" data-testid={`event-${event.action}`}>
          <View className="timeline__dot" />
          <View className="timeline__body">
            <Text className="timeline__title">
              {isTicketAction(event.action)
                ? TICKET_ACTION_LABELS[event.action]
                : (OTHER_EVENT_LABELS[event.action] ?? event.action)}
              {event.fromStatus !== event.toStatus && ` · ${TICKET_STATUS_LABELS[event.toStatus]}`}
            </Text>
            <Text className="timeline__meta">
              {event.actor?.name ?? '系统'} · {formatTime(event.createdAt)}
            </Text>
            {event.note && <Text className="timeline__note">{event.note}</Text>}
          </View>
        </View>
      ))}
    </View>
  );
}
