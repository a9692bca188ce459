// Every TypeORM entity, listed explicitly for the data source (no globs under in-memory SWC).
import { GridNodeEntity } from './grid-node.entity';
import { InboxEntryEntity } from './inbox-entry.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import { SegmentEntity } from './segment.entity';

export const ENTITIES = [GridNodeEntity, SegmentEntity, InboxEntryEntity, OutboxMessageEntity];
