// Persistence shape of a grid node (substation, feeder, connection point). Not an API or domain type:
// services map it to their own types at the edge.
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'grid_node' })
export class GridNodeEntity {
  @PrimaryColumn({ name: 'node_id', type: 'text' })
  nodeId!: string;

  /** Null for the root of a topology (a primary substation). */
  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId!: string | null;

  @Column({ name: 'kind', type: 'text' })
  kind!: string;

  @Column({ name: 'rated_limit_w', type: 'double precision' })
  ratedLimitW!: number;

  @Column({ name: 'dso_id', type: 'text' })
  dsoId!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
