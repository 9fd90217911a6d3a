// npm run invoices:generate: creates a month's invoices for every active service line, once.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/database.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { seedDemo } from '../../../server/demo/seed.js';
import { systemClock } from '../../../server/shared/clock.js';
import { repoRoot } from '../../support/servers.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'jwi-cli-'));
const databaseUrl = `sqlite:${join(dir, 'jwi.sqlite')}`;
const generate = (...args: string[]) =>
  run('node', ['--import', 'tsx', 'server/cli/invoices-generate.ts', ...args], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl } })
    .then(({ stdout }) => ({ code: 0, stdout, stderr: '' }))
    .catch((error: { code: number; stdout: string; stderr: string }) => error);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('invoices:generate', () => {
  it('creates one invoice per billable customer, and nothing on a second run', async () => {
    const database = openDatabase(databaseUrl);
    await migrateToLatest(database);
    await seedDemo(database.db, systemClock);
    await database.close();

    expect((await generate('--month', '3', '--year', '2031')).stdout).toContain('March 2031: 2 invoice(s) created, 0 already existed.');
    expect((await generate('--month', '3', '--year', '2031')).stdout).toContain('March 2031: 0 invoice(s) created, 2 already existed.');

    const check = openDatabase(databaseUrl);
    const rows = await check.db.selectFrom('invoices').select(['number', 'amount', 'status']).where('year', '=', 2031).orderBy('number').execute();
    await check.close();
    expect(rows).toEqual([
      { number: 310300001, amount: 333000, status: 'unpaid' },
      { number: 310300002, amount: 333000, status: 'unpaid' },
    ]);
  });

  it.each([
    [['--month', '13', '--year', '2031'], '--month must be 1-12'],
    [['--month', '1'], '--year must be 2000-2100'],
    [['--month', '1', '--year', '2031', '--day', '1'], "Unknown option '--day'"],
  ])('refuses %j with exit code 2 and the usage', async (args, message) => {
    const result = await generate(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
