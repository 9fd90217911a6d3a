// npm run invoices:generate: creates a month's invoices for every active service line, once.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../../server/db/database.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import type { Database } from '../../../server/db/schema.js';
import { seedDemo } from '../../../server/demo/seed.js';
import { systemClock } from '../../../server/shared/clock.js';
import { repoRoot } from '../../support/servers.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'jwi-cli-'));
const databaseUrl = `sqlite:${join(dir, 'jwi.sqlite')}`;
const generateOn = (url: string, ...args: string[]) =>
  run('node', ['--import', 'tsx', 'server/cli/invoices-generate.ts', ...args], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url } })
    .then(({ stdout }) => ({ code: 0, stdout, stderr: '' }))
    .catch((error: { code: number; stdout: string; stderr: string }) => error);
const generate = (...args: string[]) => generateOn(databaseUrl, ...args);

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

  it('numbers on after the highest invoice of a period invoiced before the period counters existed', async () => {
    const url = `sqlite:${join(dir, 'before-counters.sqlite')}`;
    const database = openDatabase(url);
    try {
      await migrateToLatest(database);
      await seedDemo(database.db, systemClock); // February 2026: 260200001 and 260200002
      // As a database migrated before 0006: no counters, and a customer added since.
      await database.db.schema.dropTable('invoice_sequences').execute();
      await database.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '0006_invoice_sequences' as never).execute();
      await addCustomers(database.db, 'newcomer', 1);
    } finally {
      await database.close();
    }
    expect((await generateOn(url, '--month', '2', '--year', '2026')).stdout).toContain('February 2026: 1 invoice(s) created, 2 already existed.');
    const check = openDatabase(url);
    const numbers = await check.db.selectFrom('invoices').select('number').where('year', '=', 2026).where('month', '=', 2).orderBy('number').execute();
    await check.close();
    expect(numbers.map((n) => n.number)).toEqual([260200001, 260200002, 260200003]);
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

/** Adds `count` active customers named `label`-N, every third with a second service line (TV). */
async function addCustomers(db: Kysely<Database>, label: string, count: number): Promise<void> {
  const at = '2031-01-01 00:00:00';
  for (let i = 0; i < count; i++) {
    const name = `${label}-${i}`;
    const user = await db.insertInto('users').values({
      uid: `user-${name}`, name, email: `${name}@example.com`, password_hash: 'x', phone: 81200000000 + i, phonecode: 62, address: null,
      image: 'default1.jpg', gender: null, is_active: 1, role_name: 'Customer', created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    const customer = await db.insertInto('customers').values({
      uid: `customer-${name}`, user_id: user.id, company_id: 1, no_services: name.toUpperCase().replace(/-/g, ''), name, email: `${name}@example.com`,
      phone: 6281200000000 + i, address: null, address_verified_date: null, register_date: '2031-01-01', activation_date: '2031-01-01',
      email_verified_date: null, id_card_verified_date: null, id_type_id: 1, id_number: '3201010101010099', status: 'active',
      latitude: null, longitude: null, created_at: at, updated_at: at, router_id: null, mode: null, user_mikrotik: null, user_profile: null,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('services').values([
      { customer_id: customer.id, package_id: 2, qty: 1, price: 300000, total: 300000, is_active: 1, created_at: at },
      ...(i % 3 === 0 ? [{ customer_id: customer.id, package_id: 7, qty: 1, price: 75000, total: 75000, is_active: 1 as const, created_at: at }] : []),
    ]).execute();
  }
}
