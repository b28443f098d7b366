/**
 * Surcharges (加价, F2.7): the engineer asks the resident to pay for what the repair fee does not
 * cover. The office approves it level by level, the resident agrees to the itemised quote (or
 * declines, with a reason), then pays with WeChat Pay. Every amount is integer fen.
 */

export const SURCHARGE_STATUSES = [
  'pending_approval', // 待审批: waiting for the office, level by level
  'refused', // 审批未通过
  'awaiting_resident', // 待住户确认: the resident sees the quote
  'declined', // 住户拒绝
  'awaiting_payment', // 待支付: agreed, not paid yet
  'paid', // 已支付
  'withdrawn', // 已撤回 before it was paid
  'refunded', // 已全额退款
] as const;
export type SurchargeStatus = (typeof SURCHARGE_STATUSES)[number];

export const SURCHARGE_STATUS_LABELS: Record<SurchargeStatus, string> = {
  pending_approval: '待审批',
  refused: '审批未通过',
  awaiting_resident: '待住户确认',
  declined: '住户已拒绝',
  awaiting_payment: '待支付',
  paid: '已支付',
  withdrawn: '已撤回',
  refunded: '已退款',
};

/** Statuses in which a surcharge is still on its way; a ticket has at most one such. */
export const OPEN_SURCHARGE_STATUSES: readonly SurchargeStatus[] = [
  'pending_approval',
  'awaiting_resident',
  'awaiting_payment',
];

export const SURCHARGE_REASONS = ['over_budget', 'damage_by_person', 'other'] as const;
export type SurchargeReason = (typeof SURCHARGE_REASONS)[number];

export const SURCHARGE_REASON_LABELS: Record<SurchargeReason, string> = {
  over_budget: '超出预算',
  damage_by_person: '人为损坏',
  other: '其他',
};

/** Roles that may sit on a surcharge approval chain. */
export const SURCHARGE_APPROVER_ROLES = ['dispatcher', 'reviewer', 'admin', 'hq_admin'] as const;
export type SurchargeApproverRole = (typeof SURCHARGE_APPROVER_ROLES)[number];

/** One level of the approval chain: it applies when the total is at least `fromAmountFen`. */
export interface SurchargeApprovalLevel {
  role: SurchargeApproverRole;
  fromAmountFen: number;
}

export interface SurchargeLine {
  name: string;
  quantity: number;
  unitPriceFen: number;
}

export const SURCHARGE_LIMITS = {
  linesMax: 20,
  lineNameMaxLength: 40,
  quantity: { min: 1, max: 9_999 },
  /** One unit: up to 100,000 yuan. */
  unitPriceFen: { min: 1, max: 10_000_000 },
  noteMaxLength: 500,
  photosMax: 9,
  approvalLevelsMax: 5,
} as const;

/** What the lines add up to, in fen. */
export function surchargeTotalFen(lines: readonly SurchargeLine[]): number {
  return lines.reduce((total, line) => total + line.quantity * line.unitPriceFen, 0);
}

/** The levels a surcharge of this total must pass, in the chain's order. */
export function requiredApprovals(
  chain: readonly SurchargeApprovalLevel[],
  totalFen: number,
): SurchargeApprovalLevel[] {
  return chain.filter((level) => totalFen >= level.fromAmountFen);
}

/** "¥12.50" for 1250 fen: how the apps and messages show money. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
