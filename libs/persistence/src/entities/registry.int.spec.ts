import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';

import { createDataSource, runMigrations } from '../data-source.factory';
import { testDatabaseUrls } from '../testing/database-urls';
import type { TestDatabase } from '../testing/test-database';
import { createTestDatabase } from '../testing/test-database';
import { GridNodeEntity } from './grid-node.entity';
import { InboxEntryEntity } from './inbox-entry.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import type { SegmentRatingsRecord } from './segment.entity';
import { SegmentEntity } from './segment.entity';

const RATINGS: SegmentRatingsRecord = {
  pv: { peakPowerW: 6_500, areaM2: 50, inverterLimitW: 6_000 },
  lights: { count: 4, ratedPowerW: 60, minDimmingPct: 20 },
  evConnectors: [
    { connectorId: 'c1', kind: 'ac', maxPowerW: 22_000 },
    { connectorId: 'c2', kind: 'dc', maxPowerW: 50_000 },
  ],
  battery: null,
};

describe.each(testDatabaseUrls())('registry entities on $name', ({ url }) => {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  const ds = (): DataSource => {
    if (!dataSource) throw new Error('data source not initialised');
    return dataSource;
  };

  beforeAll(async () => {
    database = await createTestDatabase(url);
    await runMigrations(database.url);
    dataSource = await createDataSource({ databaseUrl: database.url, poolMax: 2 }).initialize();
    await ds().getRepository(GridNodeEntity).save([
      { nodeId: 'ps-1', parentId: null, kind: 'primary_substation', ratedLimitW: 40e6, dsoId: 'dso-a', name: 'Poste source' },
      { nodeId: 'ss-1', parentId: 'ps-1', kind: 'secondary_substation', ratedLimitW: 400e3, dsoId: 'dso-a', name: 'Poste HTA/BT 1' },
    ]);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('saves and loads grid nodes with their parent link', async () => {
    const child = await ds().getRepository(GridNodeEntity).findOneByOrFail({ nodeId: 'ss-1' });
    expect(child).toMatchObject({ parentId: 'ps-1', ratedLimitW: 400e3, dsoId: 'dso-a' });
    expect(child.updatedAt).toBeInstanceOf(Date);
    await expect(
      ds().getRepository(GridNodeEntity).insert({ nodeId: 'orphan', parentId: 'nowhere', kind: 'lv_feeder', ratedLimitW: 1, dsoId: 'dso-a', name: 'x' }),
    ).rejects.toBeInstanceOf(QueryFailedError);
  });

  it('saves and loads a segment with its ratings as jsonb', async () => {
    const commissionedAt = new Date(Date.UTC(2025, 5, 1, 8, 30));
    await ds().getRepository(SegmentEntity).save({ segmentId: 'seg-1', gridNodeId: 'ss-1', kind: 'sidewalk', lat: 48.8566, lon: 2.3522, commissionedAt, ratings: RATINGS });
    const loaded = await ds().getRepository(SegmentEntity).findOneByOrFail({ segmentId: 'seg-1' });
    expect(loaded).toMatchObject({ gridNodeId: 'ss-1', lat: 48.8566, lon: 2.3522, commissionedAt, ratings: RATINGS });
    await expect(
      ds().getRepository(SegmentEntity).insert({ segmentId: 'seg-x', gridNodeId: 'unknown', kind: 'sidewalk', lat: 0, lon: 0, commissionedAt, ratings: RATINGS }),
    ).rejects.toBeInstanceOf(QueryFailedError);
  });

  it('records an inbox entry once per consumer and event', async () => {
    const inbox = ds().getRepository(InboxEntryEntity);
    await inbox.insert({ consumer: 'settlement', eventId: 'e-1' });
    await inbox.insert({ consumer: 'dispatch', eventId: 'e-1' });
    await expect(inbox.insert({ consumer: 'settlement', eventId: 'e-1' })).rejects.toBeInstanceOf(QueryFailedError);
    expect(await inbox.countBy({ eventId: 'e-1' })).toBe(2);
  });

  it('keeps outbox messages in insertion order with their binary payload', async () => {
    const outbox = ds().getRepository(OutboxMessageEntity);
    const payload = Buffer.from([0, 1, 2, 255]);
    await outbox.save({ topic: 'flex.offer.v1', key: 'ss-1', payload, headers: { traceparent: '00-abc' } });
    await outbox.save({ topic: 'flex.offer.v1', key: 'ss-1', payload: Buffer.from('second') });
    const messages = await outbox.find({ order: { id: 'ASC' } });
    expect(messages.map((message) => message.payload)).toEqual([payload, Buffer.from('second')]);
    expect(messages[0]).toMatchObject({ headers: { traceparent: '00-abc' }, publishedAt: null });
    expect(messages[1].headers).toEqual({});
    expect(BigInt(messages[1].id)).toBeGreaterThan(BigInt(messages[0].id));
  });
});
