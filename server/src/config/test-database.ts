/**
 * The database the test suite runs on: TEST_DATABASE_URL (mysql:// or mariadb://) when set,
 * otherwise a fresh SQLite file per test file. Read here so that only this folder reads the
 * environment.
 */
export function testDatabaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  const url = env.TEST_DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}
