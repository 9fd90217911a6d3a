// npm run keys: create (the key is printed once), list, revoke.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/database.js';
import { apiKeyRepository } from '../../../server/keys/repository.js';
import { apiKeyService } from '../../../server/keys/service.js';
import { systemClock } from '../../../server/shared/clock.js';
import { runCommand } from '../../support/commands.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-keys-'));
/** A SQLite file of its own for each test, so that any test runs alone (-t). */
const freshDatabase = () => `sqlite:${join(dir, `${randomBytes(4).toString('hex')}.sqlite`)}`;
const keys = (databaseUrl: string, ...args: string[]) =>
  runCommand('node', ['--import', 'tsx', 'server/cli/keys.ts', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, SEED_DEMO: 'false' } });
/** Creates the test's key #1, limited to 10.0.0.0/8 and 192.0.2.7; the printed key and the output. */
const createKey = async (databaseUrl: string) => {
  const created = await keys(databaseUrl, 'create', '--name', 'Bank Mandiri', '--allow', '10.0.0.0/8,192.0.2.7');
  expect(created.code).toBe(0);
  return { key: /\n {2}(jwi_\S+)\n/.exec(created.stdout)![1]!, stdout: created.stdout };
};
const check = async (databaseUrl: string, key: string, address: string) => {
  const database = openDatabase(databaseUrl);
  try {
    return await apiKeyService(apiKeyRepository(database.db), systemClock).check(key, address);
  } finally {
    await database.close();
  }
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('keys', () => {
  it('creates a key with an allow-list and prints it once; only its hash is stored', async () => {
    const databaseUrl = freshDatabase();
    const { key, stdout } = await createKey(databaseUrl);
    expect(stdout).toContain('Created key #1 "Bank Mandiri" for 10.0.0.0/8,192.0.2.7/32.');
    const database = openDatabase(databaseUrl);
    const stored = await database.db.selectFrom('api_keys').selectAll().execute();
    await database.close();
    expect(JSON.stringify(stored)).not.toContain(key);
    expect((await check(databaseUrl, key, '10.9.8.7')).ok).toBe(true);
    expect(await check(databaseUrl, key, '192.0.2.8')).toMatchObject({ ok: false, code: 'IP_NOT_ALLOWED' });
  });

  it('lists keys by prefix, never in full', async () => {
    const databaseUrl = freshDatabase();
    const { key } = await createKey(databaseUrl);
    const listed = await keys(databaseUrl, 'list');
    // Times in Jakarta time, with the offset that says so.
    expect(listed.stdout).toMatch(new RegExp(`#1 {2}${key.slice(0, 12)}\\.\\.\\. {2}Bank Mandiri {2}10\\.0\\.0\\.0/8,192\\.0\\.2\\.7/32 {2}created \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\+07:00 {2}active`));
    expect(listed.stdout).not.toContain(key);
  });

  it('revokes a key by prefix; a revoked key is refused', async () => {
    const databaseUrl = freshDatabase();
    const { key } = await createKey(databaseUrl);
    expect((await check(databaseUrl, key, '10.9.8.7')).ok).toBe(true);
    expect((await keys(databaseUrl, 'revoke', '--prefix', key.slice(0, 12))).stdout).toContain('Revoked 1 key(s).');
    expect(await check(databaseUrl, key, '10.9.8.7')).toEqual({ ok: false, code: 'API_KEY_INVALID' });
    expect((await keys(databaseUrl, 'list')).stdout).toMatch(/ {2}revoked \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+07:00\n/);
    expect((await keys(databaseUrl, 'revoke', '--id', '1')).code).toBe(2);
  });

  it('says in one line, exit code 1, that the database of DATABASE_URL does not answer', async () => {
    const result = await keys('postgres://partner:hunter2@127.0.0.1:1/jwi', 'list');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid configuration: DATABASE_URL: the database postgres://partner:***@127.0.0.1:1/jwi does not answer (connect ECONNREFUSED 127.0.0.1:1)');
  });

  it.each([
    [['create'], 'create needs --name'],
    [['create', '--name'], "Option '--name <value>' argument missing"],
    [['create', '--name', 'x', '--allow', '10.0.0.0/33'], 'not an IP address or CIDR block: 10.0.0.0/33'],
    [['revoke'], 'revoke needs --id or --prefix'],
    [['rotate'], 'usage:'],
  ])('refuses %j with exit code 2', async (args, message) => {
    const result = await keys(freshDatabase(), ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
