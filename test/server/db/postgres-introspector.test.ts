// Migrations on PostgreSQL while someone else drops tables in another schema of the same database
// (other test files, another deployment sharing the database). Kysely's own introspector read every
// schema and looked each table up by name, so a table dropped meanwhile failed our migration with
// "relation ... does not exist" (seen in CI, and here ~7% of introspections under this churn).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { createPostgresSchema, databaseKinds, POSTGRES_URL } from '../../support/databases.js';

const onPostgres = (await databaseKinds()).includes('postgres');

// databaseKinds() says when PostgreSQL is skipped (and fails in CI without it).
describe.skipIf(!onPostgres)('introspection on PostgreSQL', () => {
  let ours: Awaited<ReturnType<typeof createPostgresSchema>>;
  let other: Awaited<ReturnType<typeof createPostgresSchema>>;
  let handle: DatabaseHandle;
  let churner: pg.Client;

  beforeAll(async () => {
    [ours, other] = await Promise.all([createPostgresSchema(), createPostgresSchema()]);
    handle = openDatabase(POSTGRES_URL, { pgSchema: ours.schema });
    churner = new pg.Client({ connectionString: POSTGRES_URL });
    await churner.connect();
  });
  afterAll(async () => {
    await handle?.close();
    await churner?.end();
    await Promise.all([ours?.drop(), other?.drop()]);
  });

  /** Runs `work` `runs` times, one after the other, while tables with serial columns come and go in
   * the other schema (as many as the churner manages meanwhile: reported, with the time it took). */
  async function whileTablesAreDropped(runs: number, work: () => Promise<unknown>): Promise<{ errors: string[]; churned: number; ms: number }> {
    let stop = false;
    let churned = 0;
    const churn = (async () => {
      for (; !stop; churned++) {
        await churner.query(`create table ${other.schema}.gone_${churned % 5} (id serial primary key)`);
        await churner.query(`drop table ${other.schema}.gone_${churned % 5}`);
      }
    })();
    const errors: string[] = [];
    const started = performance.now();
    for (let run = 0; run < runs; run++) await work().catch((e: Error) => errors.push(e.message));
    stop = true;
    await churn;
    return { errors, churned, ms: performance.now() - started };
  }

  it('migrates, and introspects again and again, without tripping over tables dropped in another schema', async () => {
    expect(await migrateToLatest(handle)).toContain('0001_accounts_customers_helpdesk_invoices');
    const { errors, churned, ms } = await whileTablesAreDropped(60, () => handle.db.introspection.getTables({ withInternalKyselyTables: true }));
    console.log(`introspection: 60 runs in ${Math.round(ms)} ms while ${churned} tables came and went in another schema`);
    expect(errors).toEqual([]);
    expect(churned).toBeGreaterThan(0); // the churn overlapped the introspections
    expect(await migrateToLatest(handle)).toEqual([]);
  });

  it('lists only the tables of its own schema, with their columns', async () => {
    await churner.query(`create table ${other.schema}.elsewhere (id serial primary key)`);
    const tables = await handle.db.introspection.getTables({ withInternalKyselyTables: true });
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([ours.schema]));
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['kysely_migration', 'customers', 'invoices']));
    const invoices = tables.find((t) => t.name === 'invoices')!;
    expect(invoices.isView).toBe(false);
    expect(invoices.columns.find((c) => c.name === 'id')).toMatchObject({ isAutoIncrementing: true, isNullable: false, hasDefaultValue: true });
  });
});
