import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ReadCache, ReadCaches } from '../../database/read-cache';
import { whenTransactionCommits } from '../../database/transaction-end';
import { TradeMemberEntity } from '../catalog/entities/trade-member.entity';
import { RoleAssignmentEntity } from '../identity/entities/role-assignment.entity';
import { UserEntity } from '../identity/entities/user.entity';
import type { WorkloadChange } from './engineer-workloads';
import { storedMillis } from './tickets.mapper';

/** Roles that do field work: the people orders can be handed to. */
export const FIELD_ROLES = ['engineer', 'temp_engineer', 'vendor'] as const;

/**
 * How long one read of a trade's engineers and their counters serves the dispatches after it.
 * This process's own changes are added to it as they commit, so here it is exact; another
 * process's changes show within this bound.
 */
export const ENGINEER_LOADS_MS = 1_000;

/** An engineer of a trade, with the open tickets and last hand-over dispatch weighs. */
export interface EngineerLoad {
  id: string;
  name: string;
  status: string;
  onDuty: boolean;
  openTickets: number;
  /** Milliseconds; 0 when never given work. */
  lastAssignedAt: number;
}

interface EngineerRow {
  id: string;
  name: string;
  status: string;
  onDuty: boolean | number;
  openTickets: number | string | null;
  lastAssignedAt: Date | string | null;
}

/**
 * One read, kept current with the changes this process commits: those committed while the read
 * runs wait in `pending` and are added once its rows are there; later ones go straight in.
 */
interface Snapshot {
  rows: EngineerLoad[];
  byId: Map<string, EngineerLoad> | null;
  pending: WorkloadChange[];
}

/**
 * The workload of a trade's engineers for dispatch (F2.2), without reading every engineer for
 * every report: one read serves for ENGINEER_LOADS_MS, and the counter changes the journal commits
 * in this process meanwhile are added to it. A change to the people (a role, a trade membership,
 * on-duty) clears it at once, like the other read caches.
 */
@Injectable()
export class EngineerLoads {
  private readonly snapshots: ReadCache<Snapshot>;
  /** The snapshot each key was last read into, which the committed changes are added to. */
  private readonly latest = new Map<string, Snapshot>();
  private readonly loading = new Map<string, Promise<Snapshot>>();

  constructor(
    private readonly dataSource: DataSource,
    caches: ReadCaches,
  ) {
    this.snapshots = caches.create(
      'engineer loads',
      [{ entity: UserEntity }, { entity: TradeMemberEntity }, { entity: RoleAssignmentEntity }],
      ENGINEER_LOADS_MS,
    );
  }

  /**
   * The trade's engineers holding a field role in the community, as the counters stand now. The
   * rows are this process's live copy, updated as changes commit: read them, never keep them.
   */
  async of(communityId: string, tradeId: string): Promise<readonly Readonly<EngineerLoad>[]> {
    const key = `${communityId}:${tradeId}`;
    return (await this.snapshots.get(key, () => this.load(key, communityId, tradeId))).rows;
  }

  /** One read at a time per key, shared by whoever asks meanwhile. */
  private load(key: string, communityId: string, tradeId: string): Promise<Snapshot> {
    let loading = this.loading.get(key);
    if (loading === undefined) {
      // Changes are added from before the read starts: one committed while it runs may then
      // count twice, which makes that engineer look busier for a moment, never idler.
      const snapshot: Snapshot = { rows: [], byId: null, pending: [] };
      this.latest.set(key, snapshot);
      loading = this.read(communityId, tradeId)
        .then((rows) => {
          snapshot.rows = rows.map(toLoad);
          snapshot.byId = new Map(snapshot.rows.map((row) => [row.id, row]));
          apply(snapshot.byId, snapshot.pending);
          snapshot.pending = [];
          return snapshot;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    return loading;
  }

  /** The journal's counter changes: they count here once their transaction has committed. */
  record(manager: EntityManager, changes: readonly WorkloadChange[]): void {
    if (changes.length === 0) return;
    whenTransactionCommits(manager.queryRunner, () => {
      for (const snapshot of this.latest.values()) {
        if (snapshot.byId === null) snapshot.pending.push(...changes);
        else apply(snapshot.byId, changes);
      }
    });
  }

  private read(communityId: string, tradeId: string): Promise<EngineerRow[]> {
    return this.dataSource.query(
      `SELECT u.id AS id, u.name AS name, u.status AS status, u.onDuty AS onDuty,
              w.openTickets AS openTickets, w.lastAssignedAt AS lastAssignedAt
         FROM users u
         JOIN trade_members m ON m.userId = u.id AND m.tradeId = ?
         LEFT JOIN engineer_workloads w ON w.userId = u.id
        WHERE EXISTS (SELECT 1 FROM role_assignments r
                       WHERE r.userId = u.id AND r.communityId = ? AND r.role IN (${FIELD_ROLES.map(() => '?').join(', ')}))`,
      [tradeId, communityId, ...FIELD_ROLES],
    );
  }
}

/** Adds committed counter changes to the rows of the engineers they are about. */
function apply(byId: ReadonlyMap<string, EngineerLoad>, changes: readonly WorkloadChange[]): void {
  for (const { userId, delta, assignedAt } of changes) {
    const row = byId.get(userId);
    if (row === undefined) continue;
    row.openTickets += delta;
    if (assignedAt !== null) row.lastAssignedAt = Math.max(row.lastAssignedAt, assignedAt.getTime());
  }
}

function toLoad(row: EngineerRow): EngineerLoad {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    onDuty: Boolean(Number(row.onDuty)),
    openTickets: Number(row.openTickets ?? 0),
    lastAssignedAt: row.lastAssignedAt === null ? 0 : storedMillis(row.lastAssignedAt),
  };
}
