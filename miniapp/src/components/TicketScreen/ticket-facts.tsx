import { Text, View } from '@tarojs/components';
import {
  DISPATCH_EXCLUSION_LABELS,
  DISPATCH_RULE_LABELS,
  FAULT_CAUSE_LABELS,
  URGENCY_LABELS,
  unlistedCandidatesText,
} from '@smart-repair/shared';
import type { ReactNode } from 'react';
import { platform } from '../../platform';
import type { TicketDetail } from '../../services/types';
import { formatTime, formatWindow } from '../../utils/format';
import { StatusTag } from '../StatusTag';
import { Button } from '../ui';
import { AttachmentImage } from './attachment-image';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <View className="ticket__row" data-testid={testId}>
      <Text className="ticket__label">{label}</Text>
      <View className="ticket__value">{children}</View>
    </View>
  );
}

/** Everything known about the ticket, for whoever may see it. */
export function TicketFacts({ ticket }: { ticket: TicketDetail }) {
  const reportPhotos = ticket.attachments.filter((a) => a.kind === 'image' && a.purpose !== 'completion');
  const afterPhotos = ticket.attachments.filter((a) => a.kind === 'image' && a.purpose === 'completion');
  const canCall = ticket.contactPhone !== '' && !ticket.contactPhone.includes('*');
  const reason = ticket.dispatchReason;
  const unlisted = reason === null ? '' : unlistedCandidatesText(reason);
  return (
    <View className="ticket__card">
      <View className="ticket__head">
        <Text className="ticket__title">{ticket.categoryName}</Text>
        <View data-testid="ticket-status" data-status={ticket.status}>
          <StatusTag status={ticket.status} overdue={ticket.overdue} />
        </View>
      </View>
      <Row label="单号">
        <Text data-testid="ticket-number">{ticket.number}</Text>
      </Row>
      <Row label="位置">
        <Text>{ticket.locationPath}</Text>
      </Row>
      {ticket.description !== '' && (
        <Row label="描述">
          <Text>{ticket.description}</Text>
        </Row>
      )}
      <Row label="紧急程度">
        <Text>{URGENCY_LABELS[ticket.urgency]}</Text>
      </Row>
      {ticket.appointmentStart && (
        <Row label="预约时间">
          <Text>{formatWindow(ticket.appointmentStart, ticket.appointmentEnd)}</Text>
        </Row>
      )}
      <Row label="联系人">
        <Text>
          {ticket.contactName} {ticket.contactPhone}
        </Text>
        {canCall && (
          <Button
            size="mini"
            type="primary"
            fill="outline"
            data-testid="call-contact"
            onClick={() => void platform.call(ticket.contactPhone).catch(() => undefined)}
          >
            拨打
          </Button>
        )}
      </Row>
      {ticket.plannedFor && (
        <Row label="计划维修" testId="ticket-planned-for">
          <Text>{formatTime(ticket.plannedFor)}</Text>
        </Row>
      )}
      {ticket.assignee && (
        <Row label="维修人" testId="ticket-assignee">
          <Text>{ticket.assignee.name}</Text>
        </Row>
      )}
      {reason && (
        <Row label="派单依据" testId="dispatch-reason">
          <Text className="ticket__reason">{DISPATCH_RULE_LABELS[reason.rule] ?? reason.rule}</Text>
          {reason.candidates.map((candidate) => (
            <Text key={candidate.userId} className="ticket__candidate">
              {candidate.userId === reason.chosenId ? '✓ ' : ''}
              {candidate.name}：在办 {candidate.openTickets} 单
              {candidate.rating !== null ? `，评分 ${candidate.rating.toFixed(1)}` : ''}
              {candidate.excluded
                ? `（${DISPATCH_EXCLUSION_LABELS[candidate.excluded] ?? candidate.excluded}）`
                : ''}
            </Text>
          ))}
          {unlisted !== '' && (
            <Text className="ticket__candidate" data-testid="dispatch-reason-unlisted">
              {unlisted}
            </Text>
          )}
        </Row>
      )}
      {reportPhotos.length > 0 && (
        <Row label="报修照片">
          <View className="ticket__photos">
            {reportPhotos.map((attachment) => (
              <AttachmentImage key={attachment.id} attachment={attachment} />
            ))}
          </View>
        </Row>
      )}
      {ticket.faultCause && (
        <Row label="故障原因" testId="fault-cause">
          <Text>{FAULT_CAUSE_LABELS[ticket.faultCause]}</Text>
        </Row>
      )}
      {ticket.handlingMethod && (
        <Row label="处理方法">
          <Text>{ticket.handlingMethod}</Text>
        </Row>
      )}
      {ticket.parts.length > 0 && (
        <Row label="使用配件">
          <Text>{ticket.parts.map((part) => `${part.name} × ${part.quantity}`).join('，')}</Text>
        </Row>
      )}
      {afterPhotos.length > 0 && (
        <Row label="完工照片">
          <View className="ticket__photos">
            {afterPhotos.map((attachment) => (
              <AttachmentImage key={attachment.id} attachment={attachment} />
            ))}
          </View>
        </Row>
      )}
      {ticket.rating !== null && (
        <Row label="评价" testId="ticket-rating">
          <Text>
            {'★'.repeat(ticket.rating)} {ticket.ratingComment ?? ''}
          </Text>
        </Row>
      )}
      {ticket.closeReason && (
        <Row label="关闭原因">
          <Text>{ticket.closeReason}</Text>
        </Row>
      )}
      <Row label="报修时间">
        <Text>{formatTime(ticket.createdAt)}</Text>
      </Row>
    </View>
  );
}
