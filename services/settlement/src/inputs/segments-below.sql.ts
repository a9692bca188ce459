/** The registry's segments below a grid node (its whole subtree), sorted: what both settlement input adapters read. */
import type { Pool } from 'pg';

export async function segmentsBelowNode(pool: Pool, nodeId: string): Promise<string[]> {
  const { rows } = await pool.query<{ segment_id: string }>(
    `with recursive below (node_id) as (
       select $1::text union select g.node_id from grid_node g join below b on g.parent_id = b.node_id
     )
     select s.segment_id from segment s join below b on s.grid_node_id = b.node_id order by s.segment_id`,
    [nodeId],
  );
  return rows.map((row) => row.segment_id);
}
