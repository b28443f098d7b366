import type { BarredReporterView, SensitiveWordView } from './dto/settings.dto';
import type { BarredReporterEntity } from './entities/barred-reporter.entity';
import type { SensitiveWordEntity } from './entities/sensitive-word.entity';

export function toSensitiveWordView(row: SensitiveWordEntity): SensitiveWordView {
  return {
    id: row.id,
    communityId: row.communityId,
    word: row.word,
    createdAt: row.createdAt.toISOString(),
  };
}

/** `names` maps user ids to display names; `now` decides whether the ban is still in force. */
export function toBarredReporterView(
  row: BarredReporterEntity,
  names: ReadonlyMap<string, string>,
  now: Date,
): BarredReporterView {
  return {
    id: row.id,
    communityId: row.communityId,
    userId: row.userId,
    userName: row.userId === null ? null : (names.get(row.userId) ?? null),
    phone: row.phone,
    reason: row.reason,
    until: row.until?.toISOString() ?? null,
    active: row.until === null || row.until.getTime() > now.getTime(),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
