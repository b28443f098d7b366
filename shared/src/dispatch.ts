/**
 * Why auto-dispatch chose an engineer, or could not (F2.2): stored with the ticket and shown to
 * the office. A trade may have dozens of engineers, so the reason lists the best-placed few in the
 * order the rule ranks them and counts the rest, instead of listing everyone.
 */

/** The rule that decided, or why no rule could. */
export const DISPATCH_RULES = [
  'fewest_open_then_best_rating',
  'trade_inactive',
  'trade_not_serving_area',
  'no_engineers_in_trade',
  'no_engineer_available',
] as const;
export type DispatchRule = (typeof DISPATCH_RULES)[number];

export const DISPATCH_RULE_LABELS: Record<DispatchRule, string> = {
  fewest_open_then_best_rating: '同工种中在岗、手上工单最少、近期评价最好者优先',
  trade_inactive: '该类别的工种已停用',
  trade_not_serving_area: '该工种不负责这个区域',
  no_engineers_in_trade: '该工种下没有工程师',
  no_engineer_available: '没有可派的工程师',
};

/** Why an engineer of the trade was passed over. */
export const DISPATCH_EXCLUSIONS = [
  'disabled',
  'off_duty',
  'returned_or_transferred',
  'at_capacity',
] as const;
export type DispatchExclusion = (typeof DISPATCH_EXCLUSIONS)[number];

export const DISPATCH_EXCLUSION_LABELS: Record<DispatchExclusion, string> = {
  disabled: '已停用',
  off_duty: '不在岗',
  returned_or_transferred: '已退回或转出',
  at_capacity: '工单已满',
};

/** How many eligible engineers the reason lists (the chosen one first), and how many passed over. */
export const DISPATCH_REASON_RANKED = 5;
export const DISPATCH_REASON_PASSED_OVER = 5;

export interface DispatchCandidate {
  userId: string;
  name: string;
  openTickets: number;
  rating: number | null;
  excluded?: DispatchExclusion;
}

export interface DispatchReason {
  rule: DispatchRule;
  tradeId: string | null;
  areaId: string | null;
  chosenId: string | null;
  /**
   * The eligible engineers the rule ranks first, in its order (the chosen one leads), then the
   * first few of those passed over, in name order.
   */
  candidates: DispatchCandidate[];
  /** Everyone the rule looked at, listed or not; missing from reasons stored before it was kept. */
  counts?: DispatchCounts;
}

export interface DispatchCounts {
  considered: number;
  eligible: number;
  excluded: Partial<Record<DispatchExclusion, number>>;
}

/** What the listed candidates leave out, in words: "另有 3 位可派；不在岗 12 位、工单已满 2 位". */
export function unlistedCandidatesText(reason: Pick<DispatchReason, 'candidates' | 'counts'>): string {
  const { counts, candidates } = reason;
  if (counts === undefined) return '';
  const listedEligible = candidates.filter((candidate) => candidate.excluded === undefined).length;
  const parts: string[] = [];
  const moreEligible = counts.eligible - listedEligible;
  if (moreEligible > 0) parts.push(`另有 ${moreEligible} 位可派`);
  const passedOver = DISPATCH_EXCLUSIONS.flatMap((cause) => {
    const listed = candidates.filter((candidate) => candidate.excluded === cause).length;
    const more = (counts.excluded[cause] ?? 0) - listed;
    return more > 0 ? [`${DISPATCH_EXCLUSION_LABELS[cause]} ${more} 位`] : [];
  });
  if (passedOver.length > 0) parts.push(`未列出的${passedOver.join('、')}`);
  return parts.join('；');
}
