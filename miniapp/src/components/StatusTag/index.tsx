import { TICKET_STATUS_LABELS, type TicketStatus } from '@smart-repair/shared';
import { Tag } from '../ui';

const TAG_TYPES: Record<TicketStatus, 'default' | 'primary' | 'info' | 'success' | 'danger' | 'warning'> = {
  reported: 'warning',
  accepted: 'warning',
  dispatched: 'info',
  assigned: 'info',
  in_repair: 'primary',
  plan_pending: 'warning',
  planned: 'info',
  completed: 'primary',
  verified: 'success',
  closed: 'default',
  cancelled: 'default',
};

export function StatusTag({ status, overdue = false }: { status: TicketStatus; overdue?: boolean }) {
  return (
    <>
      <Tag type={TAG_TYPES[status]}>{TICKET_STATUS_LABELS[status]}</Tag>
      {overdue && <Tag type="danger">超时</Tag>}
    </>
  );
}
