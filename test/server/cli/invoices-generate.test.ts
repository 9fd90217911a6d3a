// npm run invoices:generate: creates a month's invoices for every active service line, once; two
// generators running at once on PostgreSQL give every customer one invoice and every invoice its
// own number.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../../server/db/database.js';
import { migrateToLatest, migrateUpTo } from '../../../server/db/migrate.js';
import type { Database } from '../../../server/db/schema.js';
import { seedCatalog, seedDemo } from '../../../server/demo/seed.js';
import { systemClock } from '../../../server/shared/clock.js';
import { createPostgresDatabase, databaseKinds, holdTable } from '../../support/databases.js';
import { runCommand } from '../../support/commands.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-cli-'));
const databaseUrl = `sqlite:${join(dir, 'jwi.sqlite')}`;
const generateOn = (url: string, ...args: string[]) =>
  runCommand('node', ['--import', 'tsx', 'server/cli/invoices-generate.ts', ...args], { env: { ...process.env, DATABASE_URL: url } });
const generate = (...args: string[]) => generateOn(databaseUrl, ...args);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('invoices:generate', () => {
  it('creates one invoice per billable customer, and nothing on a second run', async () => {
    const database = openDatabase(databaseUrl);
    await migrateToLatest(database);
    await seedDemo(database, systemClock);
    await database.close();

    expect((await generate('--month', '3', '--year', '2031')).stdout).toContain('March 2031: 2 invoice(s) created, 0 already existed.');
    expect((await generate('--month', '3', '--year', '2031')).stdout).toContain('March 2031: 0 invoice(s) created, 2 already existed.');

    const check = openDatabase(databaseUrl);
    const rows = await check.db.selectFrom('invoices').select(['number', 'amount', 'status']).where('year', '=', 2031).orderBy('number').execute();
    await check.close();
    expect(rows).toEqual([
      { number: 3103001, amount: 333000, status: 'unpaid' },
      { number: 3103002, amount: 333000, status: 'unpaid' },
    ]);
  });

  it('numbers on after the highest invoice of a period invoiced before the period counters existed', async () => {
    const url = `sqlite:${join(dir, 'before-counters.sqlite')}`;
    const database = openDatabase(url);
    try {
      // A database of a release before 0006 (no counters), with February 2026's invoices of two customers,
      // numbered as releases before contract 2.0.0 did (YYMM and a 5-digit sequence).
      await migrateUpTo(database, '0005_token_versions');
      await seedCatalog(database.db);
      await addCustomers(database.db, 'early', 2);
      const at = '2026-02-01 00:00:00';
      for (const [customer_id, number] of [[1, 260200001], [2, 260200002]] as const) {
        await database.db.insertInto('invoices').values({
          number, customer_id, month: 2, year: 2026, amount: 333000, tax: 0, discount: 0, status: 'unpaid', due_date: '2026-02-10', isolir_date: '2026-02-20', created_at: at,
        }).execute();
      }
      await addCustomers(database.db, 'newcomer', 1);
    } finally {
      await database.close();
    }
    expect((await generateOn(url, '--month', '2', '--year', '2026')).stdout).toContain('February 2026: 1 invoice(s) created, 2 already existed.');
    const check = openDatabase(url);
    const numbers = await check.db.selectFrom('invoices').select('number').where('year', '=', 2026).where('month', '=', 2).orderBy('number').execute();
    await check.close();
    // The sequence goes on after the old numbers', written as numbers are now (2602 and 003).
    expect(numbers.map((n) => n.number)).toEqual([2602003, 260200001, 260200002]);
  });

  it.each([
    [['--month', '13', '--year', '2031'], '--month must be 1-12'],
    [['--month', '1'], '--year must be 2000-2100'],
    [['--month', '1', '--year', '2031', '--day', '1'], "Unknown option '--day'"],
    [['--year', '2031', '--month'], "Option '--month <value>' argument missing"],
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

const postgresAnswers = (await databaseKinds()).includes('postgres');

describe.skipIf(!postgresAnswers)('invoices:generate, two at once on PostgreSQL', () => {
  const MONTH = ['--month', '7', '--year', '2031'];

  /** A fresh database with the demo data and `count` more customers; the test's handle on it. */
  async function setUp(count: number) {
    const database = await createPostgresDatabase('invoices');
    const handle = openDatabase(database.url);
    await migrateToLatest(handle);
    await seedDemo(handle, systemClock);
    await addCustomers(handle.db, 'early', count);
    // The test's lock on the invoices table: a generator reads its billable services, then waits there
    // (at its first look at the invoices) until the test lets it go.
    const barrier = await holdTable(database.url, 'invoices');
    return {
      url: database.url,
      db: handle.db,
      /** Resolves once `count` generators wait for the lock. */
      waiting: (count: number) => barrier.waiters(count, 'generators'),
      release: () => barrier.release(),
      async tearDown() {
        await barrier.release();
        await handle.close();
        await database.drop();
      },
    };
  }

  /** Both generators succeeded; what each created and found. */
  function outcomes(results: { code: number; stdout: string; stderr: string }[]) {
    const counts = results.map((r) => /(\d+) invoice\(s\) created, (\d+) already existed/.exec(r.stdout)?.slice(1).map(Number) ?? []);
    console.log(`invoices:generate x2 at once: ${results.map((r, i) => `#${i + 1} exit ${r.code}, created ${counts[i]![0]}, existing ${counts[i]![1]}`).join('; ')}`);
    expect(results.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, '']]);
    return counts.map(([created, existing]) => ({ created: created!, existing: existing! }));
  }

  /** Every billable customer has one invoice of the period, with a line per active service and the PPN line, adding up; numbers are unique. */
  async function expectOneWholeInvoiceEach(db: Kysely<Database>, customers: number) {
    const invoices = await db.selectFrom('invoices').select(['id', 'number', 'customer_id', 'amount', 'tax']).where('year', '=', 2031).where('month', '=', 7).execute();
    expect(invoices).toHaveLength(customers);
    expect(new Set(invoices.map((i) => i.number)).size).toBe(customers);
    expect(new Set(invoices.map((i) => i.customer_id)).size).toBe(customers);
    expect(invoices.filter((i) => !/^3107\d{3,}$/.test(String(i.number)))).toEqual([]);
    const services = await db.selectFrom('services').select(['customer_id', 'total']).where('is_active', '=', 1).orderBy('id').execute();
    const lines = await db.selectFrom('invoice_lines').select(['invoice_id', 'total'])
      .where('invoice_id', 'in', invoices.map((i) => i.id)).orderBy('invoice_id').orderBy('position').execute();
    for (const invoice of invoices) {
      const own = services.filter((s) => s.customer_id === invoice.customer_id).map((s) => s.total);
      const tax = Math.round(own.reduce((sum, total) => sum + total, 0) * 0.11);
      expect(lines.filter((l) => l.invoice_id === invoice.id).map((l) => l.total)).toEqual([...own, tax]);
      expect(invoice).toMatchObject({ amount: own.reduce((sum, total) => sum + total, tax), tax });
    }
  }

  it('gives each customer one invoice when both bill the same customers from the same moment', async () => {
    const db = await setUp(100);
    try {
      const generators = [generateOn(db.url, ...MONTH), generateOn(db.url, ...MONTH)];
      await db.waiting(2);
      await db.release();
      const [a, b] = outcomes(await Promise.all(generators)) as [{ created: number; existing: number }, { created: number; existing: number }];
      expect(a.created + b.created).toBe(102); // and the two demo customers
      expect(a.existing + b.existing).toBe(102);
      await expectOneWholeInvoiceEach(db.db, 102);
    } finally {
      await db.tearDown();
    }
  }, 120_000);

  it('gives every invoice its own number when both number different customers at the same moment', async () => {
    // The first generator reads its billable customers (the demo's and 60 early ones) and waits; then
    // those are made inactive and 60 late ones added, and the second reads those. Let go together,
    // both number 60-odd invoices of one period at once, none of them for the same customer.
    const db = await setUp(60);
    try {
      const first = generateOn(db.url, ...MONTH);
      await db.waiting(1);
      await db.db.updateTable('customers').set({ status: 'inactive' }).execute();
      await addCustomers(db.db, 'late', 60);
      const second = generateOn(db.url, ...MONTH);
      await db.waiting(2);
      await db.release();
      const [a, b] = outcomes(await Promise.all([first, second]));
      expect([a, b]).toEqual([{ created: 62, existing: 0 }, { created: 60, existing: 0 }]);
      await expectOneWholeInvoiceEach(db.db, 122);
    } finally {
      await db.tearDown();
    }
  }, 120_000);
});
