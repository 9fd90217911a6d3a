// Group commit on SQLite. The server has one connection, and each COMMIT writes every page the
// transaction changed to the WAL: most of the cost of a small write (docs/performance.md, Storage).
// Transactions begun in the same turn of the event loop are committed together instead: each is a
// savepoint inside one shared transaction, committed at the end of the turn (or at once when the
// group is full). Nobody hears of success before that COMMIT: every query that used the connection
// while the group was open waits for it on release (an acknowledged write is on disk, and nothing
// uncommitted is ever answered), and a failed COMMIT fails all of them. A transaction that fails
// rolls back to its savepoint, leaving the others of its group alone. An idle server holds no
// transaction, so the CLI can write to the same file.
import type { DatabaseConnection, Driver, QueryCompiler, TransactionSettings } from 'kysely';
import { CompiledQuery } from 'kysely';

/** A group this big commits at once, without waiting for the end of the turn. */
const MAX_GROUP_SIZE = 64;

const MEMBER = 'jwi_group_member';
const ROLLED_BACK = () => new Error('SQLite rolled back the transaction of the group, and with it every write of the group');

interface Group {
  size: number;
  /** Its COMMIT is scheduled for the end of the event loop's turn. */
  scheduled: boolean;
  committed: Promise<void>;
  settle(error?: unknown): void;
}

function openGroup(): Group {
  let settle!: (error?: unknown) => void;
  const committed = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  committed.catch(() => undefined); // a group whose members all failed still settles
  return { size: 0, scheduled: false, committed, settle };
}

export class GroupCommitDriver implements Driver {
  #connection!: DatabaseConnection;
  #busy = false;
  #waiting: (() => void)[] = []; // first come, first served: one wakes per release
  #group: Group | undefined;
  /** The group the current holder of the connection used (it waits for that group's COMMIT). */
  #heldIn: Group | undefined;

  /** `inTransaction`: whether SQLite still has the group's transaction open (an I/O error or a full
   * disk rolls it back whole, and what the group did so far with it). */
  constructor(private readonly inner: Driver, private readonly inTransaction: () => boolean) {}

  async init(): Promise<void> {
    await this.inner.init();
    // The inner driver has the one connection; this driver decides who holds it.
    this.#connection = await this.inner.acquireConnection();
  }

  /** Runs `statement` at once when nobody holds the connection: what acquiring the connection,
   * running it and releasing would do, without their promises. When a group is open, the statement
   * ran in its transaction and its result is given only after the group's COMMIT, as a release
   * would (a group open while nobody holds the connection has its COMMIT scheduled already).
   * undefined when someone holds the connection: acquire it, and wait. */
  runNow<T>(statement: () => T): { result: T; committed?: Promise<void> } | undefined {
    if (this.#busy) return undefined;
    return { result: statement(), committed: this.#group?.committed };
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock();
    this.#heldIn = this.#group;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    if (this.#group && !this.inTransaction()) this.#fail(this.#group, ROLLED_BACK());
    if (!this.#group) {
      // IMMEDIATE: the group takes the write lock at once, so a write after a read in it cannot
      // meet another process's newer snapshot (SQLITE_BUSY_SNAPSHOT, which no retry cures).
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      this.#group = openGroup();
    }
    this.#heldIn = this.#group;
    this.#group.size++;
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${MEMBER}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${MEMBER}`));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // Some errors (a full disk, RAISE(ROLLBACK)) end SQLite's whole transaction: the group fails.
    if (!this.inTransaction()) {
      if (this.#group) this.#fail(this.#group, ROLLED_BACK());
      return;
    }
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${MEMBER}`));
    await connection.executeQuery(CompiledQuery.raw(`release ${MEMBER}`));
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.savepoint!(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }

  async releaseConnection(): Promise<void> {
    const group = this.#heldIn;
    this.#heldIn = undefined;
    if (group && group === this.#group) {
      if (group.size >= MAX_GROUP_SIZE) await this.#commit(group);
      else if (!group.scheduled) {
        // After the event loop's current turn: the requests whose data arrived in it join first.
        group.scheduled = true;
        setImmediate(() => void this.#commitWhenFree(group));
      }
    }
    this.#unlock();
    if (group) await group.committed;
  }

  async destroy(): Promise<void> {
    // A group whose COMMIT is still scheduled is committed before the file is closed.
    if (this.#group) await this.#commitWhenFree(this.#group);
    await this.inner.releaseConnection(this.#connection);
    await this.inner.destroy();
  }

  async #lock(): Promise<void> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy = true;
  }

  #unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }

  async #commitWhenFree(group: Group): Promise<void> {
    await this.#lock();
    try {
      if (group === this.#group) await this.#commit(group);
    } finally {
      this.#unlock();
    }
  }

  #fail(group: Group, error: unknown): void {
    if (this.#group === group) this.#group = undefined;
    group.settle(error);
  }

  async #commit(group: Group): Promise<void> {
    const connection = this.#connection;
    this.#group = undefined;
    try {
      if (!this.inTransaction()) throw ROLLED_BACK();
      await connection.executeQuery(CompiledQuery.raw('commit'));
      group.settle();
    } catch (error) {
      // SQLite may have rolled back already (disk full, I/O error); if not, nothing of the group stays.
      if (this.inTransaction()) await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      this.#fail(group, error);
    }
  }
}
