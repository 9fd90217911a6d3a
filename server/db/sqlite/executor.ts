// Everything that runs SQL on SQLite, in one object: the one connection (better-sqlite3, WAL), the
// statements kept for it (statements.ts), and who holds the connection and when a group of
// transactions commits (group-commit.ts). Kysely runs its queries on it through `dialect`; the
// statements compiled once (../prepared.ts) run on it directly through `run`, under the same rules.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type Driver, type SqliteDatabase } from 'kysely';
import type { Database } from '../schema.js';
import { GroupCommitDriver } from './group-commit.js';
import { cachedStatements } from './statements.js';

/** What `run` answers: the rows at once, and the COMMIT to wait for before anyone is told of them. */
export interface RunResult {
  rows: unknown[];
  committed?: Promise<void>;
}

export class SqliteExecutor {
  readonly dialect: SqliteDialect;
  readonly #statements: SqliteDatabase;
  #commits: GroupCommitDriver | undefined;

  constructor(location: string) {
    const connection = new SQLite(location);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL'); // with WAL: every committed transaction survives a process crash
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000'); // several processes (CLI and server) may share the file
    // A small page cache (negative: in KiB): better-sqlite3's default, four times this, fills up under
    // writes and becomes most of the server's memory growth, while a request's hot pages (index roots,
    // the caller's rows) fit in far less and the OS caches the file beneath (docs/performance.md, Storage).
    connection.pragma('cache_size = -4096');
    this.#statements = cachedStatements(connection);
    const keep = (commits: GroupCommitDriver) => (this.#commits = commits);
    this.dialect = new (class extends SqliteDialect {
      override createDriver(): Driver {
        // Kysely creates the driver once per database; its transactions then commit in groups.
        return keep(new GroupCommitDriver(super.createDriver(), () => connection.inTransaction));
      }
    })({ database: this.#statements });
  }

  /** Runs a statement without Kysely's round of promises (acquire, run, release): in the caller's
   * transaction when `inTransaction` (SQLite has the one connection, which the transaction holds),
   * else at once when nobody holds the connection. undefined when it must wait for the connection:
   * then run it through Kysely. */
  run(sql: string, parameters: readonly unknown[], inTransaction: boolean): RunResult | undefined {
    const run = () => {
      const statement = this.#statements.prepare(sql);
      if (statement.reader) return statement.all(parameters) as unknown[];
      statement.run(parameters);
      return [];
    };
    if (inTransaction) return { rows: run() };
    const now = this.#commits?.runNow(run);
    return now && { rows: now.result, ...(now.committed ? { committed: now.committed } : {}) };
  }
}

/** A Kysely instance on SQLite that carries its executor, so that the statements compiled once find
 * the connection of the database they were prepared for. */
export class SqliteKysely extends Kysely<Database> {
  constructor(readonly executor: SqliteExecutor) {
    super({ dialect: executor.dialect });
  }
}
