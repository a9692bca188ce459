// A message written in the same transaction as the state change that caused it, published to Kafka
// later by a relay (transactional outbox).
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'outbox' })
export class OutboxMessageEntity {
  /** bigint: pg returns it as a string, which keeps ids above 2^53 exact. */
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'topic', type: 'text' })
  topic!: string;

  @Column({ name: 'key', type: 'text' })
  key!: string;

  @Column({ name: 'payload', type: 'bytea' })
  payload!: Buffer;

  @Column({ name: 'headers', type: 'jsonb', default: () => "'{}'::jsonb" })
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
