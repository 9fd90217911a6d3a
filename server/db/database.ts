// The one module that opens the database: SQLite (its executor, sqlite/executor.ts) or PostgreSQL
// (pg pool), chosen by DATABASE_URL. Everything else talks to Kysely and never to a driver.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Kysely, sql, type Transaction as KyselyTransaction } from 'kysely';
import type pgModule from 'pg';
import type { Dialect } from './dialect.js';
import { SearchPathPostgresDialect } from './postgres-introspector.js';
import type { Database } from './schema.js';
import { SqliteExecutor, SqliteKysely } from './sqlite/executor.js';

export const DEFAULT_SQLITE_FILE = 'data/jwi.sqlite';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for logs and messages (no password). */
  location: string;
  /** The PostgreSQL schema the tables live in (undefined on SQLite). */
  schema?: string;
  ping(): Promise<boolean>;
  /** Resolves once the database answers a query; rejects with the driver's error when it does not. */
  reach(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL schema to use instead of public (tests isolate themselves this way). */
  pgSchema?: string;
  pgPoolSize?: number;
}

/** A transaction that repositories of other components can write in: what one component stores
 * with another's write (a payment's notification) is committed with it, or not at all. */
export type Transaction = KyselyTransaction<Database>;

/** Runs `work` in a transaction of its own, or in the caller's when `db` is one already (the demo
 * seed stores its invoices in its own transaction). */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export function openDatabase(url: string | undefined, options: OpenOptions = {}): DatabaseHandle {
  const handle = url?.startsWith('postgres') ? openPostgres(url, options) : openSqlite(url);
  return {
    ...handle,
    async reach() {
      await sql`select 1`.execute(handle.db);
    },
    async ping() {
      return this.reach().then(() => true, () => false);
    },
    close: () => handle.db.destroy(),
  };
}

function openSqlite(url: string | undefined): Pick<DatabaseHandle, 'db' | 'dialect' | 'location'> {
  const path = url ? url.slice('sqlite:'.length) : DEFAULT_SQLITE_FILE;
  const location = path === ':memory:' ? path : resolve(path);
  if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
  return { db: new SqliteKysely(new SqliteExecutor(location)), dialect: 'sqlite', location };
}

function openPostgres(url: string, options: OpenOptions): Pick<DatabaseHandle, 'db' | 'dialect' | 'location' | 'schema'> {
  // Loaded only when used: a SQLite server does not carry the PostgreSQL driver in memory.
  const pg = createRequire(import.meta.url)('pg') as typeof pgModule;
  // 64-bit integers (phone numbers, counts) and numerics (sums) as JS numbers: every value the
  // API handles is far below 2^53.
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    types: types as pgModule.CustomTypesConfig,
    connectionTimeoutMillis: 5000,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  // An idle client whose server went away emits 'error'; without a listener that crashes the process.
  pool.on('error', () => undefined);
  // For logs and messages: no password, and no query string (which may carry one).
  const parsed = URL.parse(url);
  const location = parsed
    ? `${parsed.protocol}//${parsed.username ? `${parsed.username}${parsed.password ? ':***' : ''}@` : ''}${parsed.host}${parsed.pathname}`
    : 'postgres://(an unreadable URL)';
  return { db: new Kysely<Database>({ dialect: new SearchPathPostgresDialect({ pool }) }), dialect: 'postgres', location, schema: options.pgSchema ?? 'public' };
}
