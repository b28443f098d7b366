import { Text, View } from '@tarojs/components';
import { isTicketAction, TICKET_ACTION_LABELS, TICKET_STATUS_LABELS } from '@smart-repair/shared';
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
              {isTicketAction(event.action) ? TICKET_ACTION_LABELS[event.action] : event.action}
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
