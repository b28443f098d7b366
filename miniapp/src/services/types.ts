import type {
  AttachmentKind,
  AttachmentPurpose,
  DispatchMode,
  FaultCause,
  LocationKind,
  Role,
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

export interface DispatchCandidate {
  userId: string;
  name: string;
  openTickets: number;
  rating: number | null;
  excluded?: string;
}

export interface DispatchReason {
  rule: string;
  chosenId: string | null;
  candidates: DispatchCandidate[];
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

export interface StaffUser {
  id: string;
  name: string;
  phone: string | null;
  onDuty: boolean;
  status: 'active' | 'disabled';
}
