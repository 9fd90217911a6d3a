// Puts a database that holds the demo data back into the state its first `npm start` left it in:
// every table emptied (the accounts, tickets, payments, keys and notifications made since) and the
// demo data seeded again, in one transaction, with the ids counting from 1 again as on a new
// database. A database without the demo partner key is not a demo's, and is refused untouched.
import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { hashKey } from '../keys/service.js';
import type { Clock } from '../shared/clock.js';
import { seedAll, withDemoLock } from './seed.js';
import { DEMO_API_KEY } from './constants.js';

export class NotADemoDatabase extends Error {}

/** The application's tables (not the migrations' own). */
async function dataTables(db: Kysely<Database>, dialect: DatabaseHandle['dialect']): Promise<string[]> {
  const { rows } = dialect === 'postgres'
    ? await sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
    : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return rows.map((r) => r.name).filter((name) => !name.startsWith('kysely_') && !name.startsWith('sqlite_')).sort();
}

/** Empties every table and seeds the demo again; the number of tables emptied. */
export function resetDemo(handle: Pick<DatabaseHandle, 'db' | 'dialect'>, clock: Clock): Promise<number> {
  return withDemoLock(handle, async (db) => {
    const demoKey = await db.selectFrom('api_keys').select('id').where('key_hash', '=', hashKey(DEMO_API_KEY)).executeTakeFirst();
    if (!demoKey) throw new NotADemoDatabase('this database holds no demo data (no demo partner key): it is not reset');
    const tables = await dataTables(db, handle.dialect);
    if (handle.dialect === 'postgres') {
      await sql`truncate table ${sql.join(tables.map((t) => sql.table(t)))} restart identity cascade`.execute(db);
    } else {
      // The rows go in any order; the foreign keys are checked at the commit, when all are gone or back.
      await sql`pragma defer_foreign_keys = on`.execute(db);
      for (const table of tables) await sql`delete from ${sql.table(table)}`.execute(db);
      await sql`delete from sqlite_sequence`.execute(db); // ids count from 1 again
    }
    await seedAll(db, clock);
    return tables.length;
  });
}
