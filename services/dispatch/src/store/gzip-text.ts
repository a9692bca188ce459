/**
 * Text stored gzipped (problems, solutions, tracking states: megabytes at fleet scale), compressed and
 * expanded off the event loop, in the libuv thread pool.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const gzipText = (text: string): Promise<Buffer> => gzipAsync(text);

export const gunzipText = async (gz: Buffer): Promise<string> => (await gunzipAsync(gz)).toString('utf8');
