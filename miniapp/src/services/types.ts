import type {
  AttachmentKind,
  AttachmentPurpose,
  DispatchMode,
  DispatchReason,
  FaultCause,
  LocationKind,
  NotifyEvent,
  PlatformAppKind,
  Role,
  SurchargeApproverRole,
  SurchargeReason,
  SurchargeStatus,
  TicketAction,
  TicketActor,
  TicketChannel,
  TicketStatus,
  Urgency,
} from '@smart-repair/shared';

/** What the API answers with, as the app reads it (the server's views, by the same names). */

export interface RoleGrant {
  role: Role;
  communityId: string | null;
  communityName: string | null;
}

export interface SessionUser {
  id: string;
  name: string;
  username: string | null;
  phone: string | null;
  organizationId: string;
  organizationName: string;
  roles: RoleGrant[];
  permissions: Record<string, string[]>;
}

export interface TokenPair {
  accessToken: string;
  accessTokenExpiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export interface LoginResult extends TokenPair {
  user: SessionUser;
}

export interface DemoAccount {
  username: string;
  role: Role;
  name: string;
  communityName: string | null;
}

export interface DemoAccounts {
  enabled: boolean;
  password: string | null;
  accounts: DemoAccount[];
}

export interface Community {
  id: string;
  code: string;
  name: string;
  address: string;
  active: boolean;
}

export interface LocationNode {
  id: string;
  parentId: string | null;
  kind: LocationKind;
  name: string;
  code: string | null;
  sortOrder: number;
  children: LocationNode[];
}

export interface Category {
  id: string;
  tradeId: string;
  code: string;
  name: string;
  active: boolean;
  sortOrder: number;
  dispatchMode: DispatchMode;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface TicketSummary {
  id: string;
  number: string;
  status: TicketStatus;
  communityId: string;
  categoryId: string;
  categoryName: string;
  locationId: string;
  locationPath: string;
  description: string;
  urgency: Urgency;
  channel: TicketChannel;
  contactName: string;
  contactPhone: string;
  assignee: PersonRef | null;
  dispatchMode: DispatchMode;
  overdue: boolean;
  stepDeadlineAt: string | null;
  rating: number | null;
  duplicateOfId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TicketPage {
  items: TicketSummary[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface TicketAttachment {
  id: string;
  kind: AttachmentKind;
  mime: string;
  purpose: AttachmentPurpose | null;
  url: string;
}

export interface TicketDetail extends TicketSummary {
  reporter: PersonRef | null;
  appointmentStart: string | null;
  appointmentEnd: string | null;
  tradeId: string;
  dispatchReason: DispatchReason | null;
  faultCause: FaultCause | null;
  handlingMethod: string | null;
  parts: { name: string; quantity: number }[];
  ratingComment: string | null;
  closeReason: string | null;
  plannedFor: string | null;
  completedAt: string | null;
  closedAt: string | null;
  participants: { user: PersonRef; kind: string }[];
  attachments: TicketAttachment[];
  actors: TicketActor[];
  availableActions: TicketAction[];
}

export interface ReportResult {
  ticket: TicketDetail;
  duplicateOf: { id: string; number: string; status: TicketStatus } | null;
}

export interface TicketEvent {
  seq: number;
  action: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus;
  actor: PersonRef | null;
  actorRole: string;
  note: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

export interface TicketMessage {
  id: string;
  author: PersonRef;
  authorRole: string;
  body: string;
  createdAt: string;
}

export interface Attachment {
  id: string;
  kind: AttachmentKind;
  mime: string;
  size: number;
  fileName: string;
  url: string;
}

/** POST /api/auth/platform-login and platform-enrol. */
export type PlatformLoginResult =
  | { outcome: 'signed_in'; session: LoginResult }
  | { outcome: 'choose_community'; enrolment: string; communities: CommunityChoice[] };

export interface CommunityChoice {
  id: string;
  name: string;
}

export interface PlatformIdentity {
  id: string;
  kind: PlatformAppKind;
  appId: string;
  lastLoginAt: string | null;
}

export interface PhoneBinding {
  phone: string;
  lookedUp: boolean;
}

/** GET /api/notifications/consents: the subscribe templates the organisation sends, with my counts. */
export interface Consents {
  appId: string | null;
  templates: { templateId: string; events: NotifyEvent[]; remaining: number }[];
}

/** GET /api/tickets/:id/engineers: who the ticket can go to. */
export interface EngineerChoice {
  id: string;
  name: string;
  onDuty: boolean;
  inTrade: boolean;
  openTickets: number;
}

export type SurchargeAction = 'approve' | 'refuse' | 'agree' | 'decline' | 'withdraw';

export interface SurchargeLineView {
  name: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
}

export interface SurchargeApproval {
  role: SurchargeApproverRole;
  fromAmountFen: number;
  decision: 'approved' | 'refused' | null;
  by: string | null;
  at: string | null;
  note: string | null;
}

export interface Surcharge {
  id: string;
  ticketId: string;
  communityId: string;
  status: SurchargeStatus;
  reason: SurchargeReason;
  note: string;
  lines: SurchargeLineView[];
  totalFen: number;
  photoIds: string[];
  approvals: SurchargeApproval[];
  outcomeNote: string | null;
  paidFen: number;
  refundedFen: number;
  requestedBy: string;
  actions: SurchargeAction[];
  createdAt: string;
  updatedAt: string;
}

export interface SurchargePage {
  items: Surcharge[];
  total: number;
  page: number;
  pageSize: number;
}

/** POST /api/surcharges/:id/payment: a WeChat Pay order and what requestPayment needs. */
export interface SurchargePayment {
  outTradeNo: string;
  amountFen: number;
  requestPayment: {
    appId: string;
    timeStamp: string;
    nonceStr: string;
    package: string;
    signType: 'RSA' | 'MD5' | 'HMAC-SHA256';
    paySign: string;
  };
  /** The order went to the built-in fake WeChat Pay (demo mode): the app shows its demo cashier. */
  demo: boolean;
}

/** GET /api/stats/tickets: the office's figures for a range of time. */
export interface TicketStats {
  /** Null: every community where the caller runs dispatch. */
  communityId: string | null;
  range: { from: string; to: string; clamped: boolean };
  reported: number;
  byStatus: Record<TicketStatus, number>;
  /** Every China-time day of the range, oldest first. */
  daily: { day: string; reported: number }[];
  /** Most reported first. */
  byCategory: { categoryId: string; name: string; reported: number }[];
  /** Engineers with tickets completed in the range, most completed first. */
  byEngineer: {
    engineerId: string;
    name: string;
    completed: number;
    averageHoursToComplete: number | null;
    rated: number;
    averageRating: number | null;
  }[];
  averageHours: {
    reportToDispatch: number | null;
    dispatchToTake: number | null;
    takeToComplete: number | null;
    completeToAcceptance: number | null;
  };
  ratings: { rated: number; average: number | null; bad: number };
  overdueNow: number;
  surcharges: { paidFen: number; refundedFen: number; netFen: number };
}
