// The databases the server tests run on: SQLite always; PostgreSQL when it answers. In CI
// (CI=true) PostgreSQL must answer; elsewhere its tests are skipped with a message.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export type DatabaseKind = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let available: Promise<DatabaseKind[]> | undefined;

export function databaseKinds(): Promise<DatabaseKind[]> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return ['sqlite', 'postgres'];
    } catch (error) {
      const message = `PostgreSQL at ${POSTGRES_URL} does not answer (${(error as Error).message}): PostgreSQL tests skipped`;
      if (process.env.CI) throw new Error(`${message} - but CI must run them`);
      console.warn(message);
      return ['sqlite'];
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return available;
}

/** A fresh, empty PostgreSQL schema; drop() removes it with everything in it. */
export async function createPostgresSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** A fresh, empty PostgreSQL database (for a server process of its own); drop() removes it. */
export async function createPostgresDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jwi_${label}_${randomBytes(4).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await run(`create database ${name}`);
  return { url: POSTGRES_URL.replace(/\/[^/]*$/, `/${name}`), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** A lock a test holds on a table of a PostgreSQL database, to let processes run up to it and then go on
 * together: `waiters(n)` resolves once n other sessions of the database wait for a lock, `release()` lets them go.
 * `exclusive` mode lets them read the table and stops them at their first write; `access exclusive`
 * (the default) stops them at their first look. `waitingFor: 'table'` counts only the sessions that
 * wait for this table (in a database other tests share, their sessions wait for locks too). */
export async function holdTable(url: string, table: string, { mode = 'access exclusive', waitingFor = 'any lock' }: {
  mode?: 'access exclusive' | 'exclusive';
  waitingFor?: 'any lock' | 'table';
} = {}): Promise<{ waiters(count: number, what: string): Promise<void>; release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  await client.query(`lock table ${table} in ${mode} mode`);
  return {
    async waiters(count, what) {
      for (let i = 0; ; i++) {
        // pg_locks is read live (pg_stat_activity would be a snapshot taken at the transaction's first look).
        const { rows } = waitingFor === 'table'
          ? await client.query('select count(distinct pid) as n from pg_locks where not granted and relation = $1::regclass', [table])
          : await client.query(
            'select count(distinct pid) as n from pg_locks where not granted and database = (select oid from pg_database where datname = current_database())');
        if (Number(rows[0].n) >= count) return;
        if (i > 450) throw new Error(`${what}: ${count} waiting for the lock on ${table} not reached within 45 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async release() {
      await client.query('commit').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** A new, empty database of `kind` for processes of their own: a PostgreSQL database, or a SQLite
 * file in `dir`; drop() removes it. `label` names it (letters, digits and _). */
export async function freshDatabase(kind: DatabaseKind, dir: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'postgres') return createPostgresDatabase(label);
  const file = join(dir, `${label}-${randomBytes(3).toString('hex')}.sqlite`);
  return { url: `sqlite:${file}`, drop: async () => rmSync(file, { force: true }) };
}

/** Empties the Redis database of `url` for a test; undefined when done, else why Redis does not answer. */
export async function emptyRedis(url: string): Promise<string | undefined> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.connect();
    await redis.flushdb();
    return undefined;
  } catch (error) {
    return `Redis at ${url} does not answer (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

/** Runs `count` requests that each read `table` and then write it, every read before any write: the
 * test holds the table (exclusive mode: reads go on, writes wait) until all of them wait at their
 * write, then lets them go together. Their answers. */
export async function overlappingWrites<T>(url: string, table: string, count: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const barrier = await holdTable(url, table, { mode: 'exclusive', waitingFor: 'table' });
  try {
    const answers = Promise.all(Array.from({ length: count }, (_, i) => send(i)));
    await barrier.waiters(count, `writes to ${table}`);
    await barrier.release();
    return await answers;
  } finally {
    await barrier.release();
  }
}
