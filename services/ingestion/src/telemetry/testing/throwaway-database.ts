/**
 * A fresh, uniquely named database per integration spec: the same as `createTestDatabase` of
 * @trottoir/testing, which an app project may not import (module-boundary matrix).
 */
import crypto from 'node:crypto';

import { withDatabase } from '@trottoir/infra';
import { Client } from 'pg';

export interface ThrowawayDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createThrowawayDatabase(serverUrl: string): Promise<ThrowawayDatabase> {
  const name = `trottoir_telemetry_${crypto.randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database "${name}"`);
  return { url: withDatabase(serverUrl, name), drop: () => onServer(serverUrl, `drop database if exists "${name}" with (force)`) };
}
