import { parseDatabaseUrls, testDatabaseUrls } from './database-urls';

describe('parseDatabaseUrls', () => {
  it('reads name=url pairs, ignoring blanks', () => {
    expect(parseDatabaseUrls('server=postgres://a@h:5432/postgres, embedded=postgres://b@h:5433/x?y=1,')).toEqual([
      { name: 'server', url: 'postgres://a@h:5432/postgres' },
      { name: 'embedded', url: 'postgres://b@h:5433/x?y=1' },
    ]);
  });

  it('names a bare URL by position', () => {
    expect(parseDatabaseUrls('postgres://a@h/db')).toEqual([{ name: 'db0', url: 'postgres://a@h/db' }]);
  });
});

describe('testDatabaseUrls', () => {
  it('falls back to DATABASE_URL, and refuses to run with neither', () => {
    expect(testDatabaseUrls({ DATABASE_URL: 'postgres://x/y' })).toEqual([{ name: 'default', url: 'postgres://x/y' }]);
    expect(() => testDatabaseUrls({})).toThrow(/TROTTOIR_TEST_DATABASE_URLS/);
  });
});
