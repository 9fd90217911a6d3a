// npm run demo:reset: a demo whose invoices were paid and which has accounts of its own, reset while
// its server runs (SQLite and PostgreSQL), is again what a first `npm start` seeded: the same rows
// in every table, the unpaid invoices unpaid, the demo login and key working, the other accounts
// gone. Refused in production and on a database without the demo data, which it leaves untouched.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/database.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { seedDemo } from '../../../server/demo/seed.js';
import { DEMO_API_KEY, DEMO_PASSWORD } from '../../../server/demo/constants.js';
import { systemClock } from '../../../server/shared/clock.js';
import { runCommand } from '../../support/commands.js';
import { databaseKinds, freshDatabase, type DatabaseKind } from '../../support/databases.js';
import { api, startShipped } from '../../support/shipped.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-demo-reset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reset = (databaseUrl: string, env: Record<string, string> = {}) =>
  runCommand('npm', ['run', '-s', 'demo:reset'], { env: { ...process.env, DATABASE_URL: databaseUrl, ...env } });

const newDatabase = (kind: DatabaseKind, label: string) => freshDatabase(kind, dir, label);

/** The number of rows of every table, and the ids of the regions. */
async function contents(url: string) {
  const database = openDatabase(url);
  try {
    const tables = database.dialect === 'postgres'
      ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely%'`.execute(database.db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely%' and name not like 'sqlite%'`.execute(database.db)).rows;
    const rows: Record<string, number> = {};
    for (const { name } of tables) rows[name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(database.db)).rows[0]!.n);
    const regions = (await database.db.selectFrom('companies').select('id').orderBy('id').execute()).map((r) => r.id);
    return { rows, regions };
  } finally {
    await database.close();
  }
}

const key = { 'X-MYWIFI-KEY': DEMO_API_KEY };
const unpaidOfSiti = async (baseUrl: string) => {
  const answer = await api(baseUrl, 'GET', '/billing/unpaid?no_services=28900001', undefined, key);
  return answer.status === 200 ? (answer.body.data as { invoice: number }[]) : [];
};

describe.each(await databaseKinds())('npm run demo:reset on %s', (kind) => {
  it('puts the demo back as a first npm start seeded it, while the server runs', async () => {
    const database = await newDatabase(kind, 'reset');
    const server = await startShipped((port) => ({ PORT: String(port), DATABASE_URL: database.url, UPLOAD_DIR: join(dir, 'uploads') }));
    try {
      const seeded = await contents(database.url);
      const unpaid = await unpaidOfSiti(server.baseUrl);
      expect(unpaid.length).toBeGreaterThan(0);
      // What the suite, newman and the workflows leave: invoices paid, an account of its own.
      for (const { invoice } of unpaid) {
        const paid = await api(server.baseUrl, 'POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: `PAID-${invoice}` }, key);
        expect(paid.status).toBe(200);
      }
      expect(await unpaidOfSiti(server.baseUrl)).toEqual([]);
      const user = { name: 'Made Since', email: `since-${randomBytes(3).toString('hex')}@example.com`, password: 'since-123', password_confirmation: 'since-123', phone: 81277788899, phonecode: 62 };
      expect((await api(server.baseUrl, 'POST', '/auth/register', user)).status).toBe(201);

      const result = await reset(database.url);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Demo data reset in .*: \d+ tables emptied and seeded again as on a first npm start\.\n$/);

      expect(await contents(database.url)).toEqual(seeded);
      expect((await unpaidOfSiti(server.baseUrl)).map((i) => i.invoice)).toEqual(unpaid.map((i) => i.invoice));
      expect((await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'ISP00123', password: DEMO_PASSWORD })).status).toBe(200);
      expect((await api(server.baseUrl, 'POST', '/auth/login', { identifier: user.email, password: user.password })).status).toBe(422);
    } finally {
      await server.stop();
      await database.drop();
    }
  }, 90_000);

  it('refuses a database without the demo data and leaves it as it was', async () => {
    const database = await newDatabase(kind, 'nodemo');
    const handle = openDatabase(database.url);
    await migrateToLatest(handle);
    await handle.db.insertInto('companies').values({ name: 'A real region', is_active: 1 }).execute();
    await handle.close();
    try {
      const result = await reset(database.url, { SEED_DEMO: 'false' });
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe('npm run demo:reset: this database holds no demo data (no demo partner key): it is not reset');
      expect((await contents(database.url)).rows.companies).toBe(1);
    } finally {
      await database.drop();
    }
  }, 60_000);
});

describe('npm run demo:reset in production', () => {
  it('is refused, and touches nothing', async () => {
    const url = `sqlite:${join(dir, 'production.sqlite')}`;
    const handle = openDatabase(url);
    await migrateToLatest(handle);
    await seedDemo(handle, systemClock);
    await handle.db.deleteFrom('invoice_lines').execute();
    await handle.db.deleteFrom('invoices').execute();
    await handle.close();
    const result = await reset(url, { NODE_ENV: 'production', JWT_SECRET: 'production-secret-'.padEnd(48, 'q'), PUBLIC_URL: 'https://api.example.test', OTP_SENDER: 'log', SEED_DEMO: 'false' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('npm run demo:reset is refused when NODE_ENV=production');
    expect((await contents(url)).rows.invoices).toBe(0);
  });
});
