// One processed event per consumer: inserting it in the same transaction as the consumer's effects
// makes redelivery (Kafka is at-least-once) a no-op.
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'inbox' })
export class InboxEntryEntity {
  @PrimaryColumn({ name: 'consumer', type: 'text' })
  consumer!: string;

  /** The envelope's event id, or a natural key for events without one. */
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
