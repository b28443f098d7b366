import { AttachmentEntity } from '../modules/attachments/entities/attachment.entity';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { RepairCategoryEntity } from '../modules/catalog/entities/repair-category.entity';
import { TradeAreaEntity } from '../modules/catalog/entities/trade-area.entity';
import { TradeMemberEntity } from '../modules/catalog/entities/trade-member.entity';
import { TradeEntity } from '../modules/catalog/entities/trade.entity';
import { PlatformIdentityEntity } from '../modules/identity/entities/platform-identity.entity';
import { RoleAssignmentEntity } from '../modules/identity/entities/role-assignment.entity';
import { SessionEntity } from '../modules/identity/entities/session.entity';
import { UserEntity } from '../modules/identity/entities/user.entity';
import { CommunityEntity } from '../modules/org/entities/community.entity';
import { LocationEntity } from '../modules/org/entities/location.entity';
import { DeliveryAttemptEntity } from '../modules/notify/entities/delivery-attempt.entity';
import { InboxMessageEntity } from '../modules/notify/entities/inbox-message.entity';
import { NotificationConsentUseEntity } from '../modules/notify/entities/notification-consent-use.entity';
import { NotificationConsentEntity } from '../modules/notify/entities/notification-consent.entity';
import { NotificationRuleEntity } from '../modules/notify/entities/notification-rule.entity';
import { OutboxMessageEntity } from '../modules/notify/entities/outbox-message.entity';
import { OrganizationEntity } from '../modules/org/entities/organization.entity';
import { JobLeaseEntity } from '../modules/scheduler/entities/job-lease.entity';
import { BarredReporterEntity } from '../modules/settings/entities/barred-reporter.entity';
import { CommunitySettingsEntity } from '../modules/settings/entities/community-settings.entity';
import { SensitiveWordEntity } from '../modules/settings/entities/sensitive-word.entity';
import { TicketCounterEntity } from '../modules/tickets/entities/ticket-counter.entity';
import { EngineerWorkloadEntity } from '../modules/tickets/entities/engineer-workload.entity';
import { TicketEventEntity } from '../modules/tickets/entities/ticket-event.entity';
import { TicketMessageEntity } from '../modules/tickets/entities/ticket-message.entity';
import { TicketParticipantEntity } from '../modules/tickets/entities/ticket-participant.entity';
import { TicketEntity } from '../modules/tickets/entities/ticket.entity';
import { LedgerEntryEntity } from '../modules/payments/entities/ledger-entry.entity';
import { PaymentMerchantEntity } from '../modules/payments/entities/payment-merchant.entity';
import { PaymentOrderEntity } from '../modules/payments/entities/payment-order.entity';
import { PaymentRefundEntity } from '../modules/payments/entities/payment-refund.entity';
import { SurchargeEntity } from '../modules/surcharges/entities/surcharge.entity';
import { PlatformAppEntity } from '../platforms/platform-app.entity';
import { PlatformTokenEntity } from '../platforms/platform-token.entity';

/** Every table of the product; migrations are generated from exactly this list. */
export const ENTITIES = [
  OrganizationEntity,
  CommunityEntity,
  LocationEntity,
  UserEntity,
  RoleAssignmentEntity,
  SessionEntity,
  TradeEntity,
  TradeAreaEntity,
  TradeMemberEntity,
  RepairCategoryEntity,
  AuditEventEntity,
  JobLeaseEntity,
  CommunitySettingsEntity,
  SensitiveWordEntity,
  BarredReporterEntity,
  AttachmentEntity,
  TicketEntity,
  TicketEventEntity,
  TicketParticipantEntity,
  TicketMessageEntity,
  TicketCounterEntity,
  EngineerWorkloadEntity,
  OutboxMessageEntity,
  InboxMessageEntity,
  PlatformTokenEntity,
  PlatformAppEntity,
  PlatformIdentityEntity,
  NotificationRuleEntity,
  NotificationConsentEntity,
  NotificationConsentUseEntity,
  DeliveryAttemptEntity,
  SurchargeEntity,
  PaymentMerchantEntity,
  PaymentOrderEntity,
  PaymentRefundEntity,
  LedgerEntryEntity,
];
