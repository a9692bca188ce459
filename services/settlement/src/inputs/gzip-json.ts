/** Dispatch stores each problem and solution as gzipped JSON (flex_order, flex_redispatch): read one back. */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

export async function unpackJson<T>(gz: Buffer | null): Promise<T | undefined> {
  return gz ? (JSON.parse((await gunzipAsync(gz)).toString('utf8')) as T) : undefined;
}
