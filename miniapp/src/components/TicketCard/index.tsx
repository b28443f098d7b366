import { Text, View } from '@tarojs/components';
import { URGENCY_LABELS } from '@smart-repair/shared';
import type { TicketSummary } from '../../services/types';
import { formatTime } from '../../utils/format';
import { StatusTag } from '../StatusTag';
import './index.scss';

interface Props {
  ticket: TicketSummary;
  onOpen: (ticket: TicketSummary) => void;
}

export function TicketCard({ ticket, onOpen }: Props) {
  return (
    <View className="ticket-card" data-testid={`ticket-${ticket.number}`} onClick={() => onOpen(ticket)}>
      <View className="ticket-card__head">
        <Text className="ticket-card__title">{ticket.categoryName}</Text>
        <View className="ticket-card__status" data-testid="ticket-status" data-status={ticket.status}>
          <StatusTag status={ticket.status} overdue={ticket.overdue} />
        </View>
      </View>
      <Text className="ticket-card__line">{ticket.locationPath}</Text>
      {ticket.description !== '' && (
        <Text className="ticket-card__line ticket-card__desc">{ticket.description}</Text>
      )}
      <View className="ticket-card__foot">
        <Text>{ticket.number}</Text>
        {ticket.urgency !== 'normal' && (
          <Text className="ticket-card__urgent">{URGENCY_LABELS[ticket.urgency]}</Text>
        )}
        <Text>{formatTime(ticket.createdAt)}</Text>
      </View>
    </View>
  );
}
