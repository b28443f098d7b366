import type { EntityManager } from 'typeorm';

export interface LineageNode {
  id: string;
  parentId: string | null;
  communityId: string;
  areaId: string;
  kind: string;
  name: string;
  code: string | null;
  sortOrder: number;
}

/**
 * A location and its ancestors, from the area down to the location itself, in one recursive
 * query (SQLite and MySQL 8 / MariaDB both have WITH RECURSIVE). Empty when there is no such id.
 */
export async function locationLineage(manager: EntityManager, locationId: string): Promise<LineageNode[]> {
  const rows = (await manager.query(
    `WITH RECURSIVE lineage (id, parentId, communityId, areaId, kind, name, code, sortOrder, depth) AS (
       SELECT id, parentId, communityId, areaId, kind, name, code, sortOrder, 0 FROM locations WHERE id = ?
       UNION ALL
       SELECT l.id, l.parentId, l.communityId, l.areaId, l.kind, l.name, l.code, l.sortOrder, lineage.depth + 1
         FROM locations l JOIN lineage ON l.id = lineage.parentId
        WHERE lineage.depth < 8
     )
     SELECT id, parentId, communityId, areaId, kind, name, code, sortOrder FROM lineage ORDER BY depth DESC`,
    [locationId],
  )) as LineageNode[];
  return rows.map((row) => ({ ...row, sortOrder: Number(row.sortOrder) }));
}

/** "一区 › 3栋 › 5层 › 502室" */
export function lineagePath(lineage: readonly LineageNode[]): string {
  return lineage.map((node) => node.name).join(' › ');
}
