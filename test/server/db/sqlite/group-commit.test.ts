// Group commit on SQLite (server/db/sqlite/group-commit.ts), seen from a second connection to the same
// file, as another process would: a transaction is answered only once it is on disk, transactions
// begun together are committed together, one that fails leaves the others of its group alone, one
// that makes SQLite roll everything back gets nobody a false success, and an idle server holds no
// transaction (the CLI can write). Statements compiled once (server/db/prepared.ts) run at once when they may,
// under the same rules.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../../server/db/database.js';
import { prepared } from '../../../../server/db/prepared.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-group-commit-'));
const file = join(dir, 'group.sqlite');
let handle: DatabaseHandle;
let outside: SQLite.Database; // another connection, as the CLI or a crash-recovered server has

beforeAll(async () => {
  handle = openDatabase(`sqlite:${file}`);
  await sql`create table notes (id integer primary key, body text not null)`.execute(handle.db);
  // A note saying 'poison' makes SQLite end the whole transaction, as a full disk or an I/O error does.
  await sql`create trigger poison before insert on notes when new.body = 'poison' begin select raise(rollback, 'poisoned'); end`.execute(handle.db);
  outside = new SQLite(file, { readonly: true });
});
afterAll(async () => {
  outside.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await sql`delete from notes`.execute(handle.db);
});

const onDisk = () => (outside.prepare('select body from notes order by id').all() as { body: string }[]).map((row) => row.body);
const note = (db: Kysely<any>, body: string) => db.transaction().execute((trx) => sql`insert into notes (body) values (${body})`.execute(trx));

describe('group commit on SQLite', () => {
  it('answers a transaction only once it is on disk, and commits the ones begun together at once', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => `note ${i}`);
    const seenAtAnswer: string[][] = [];
    await Promise.all(bodies.map((body) => note(handle.db, body).then(() => seenAtAnswer.push(onDisk()))));
    // Begun in one turn of the event loop, they joined one group: the first answer finds all of them on disk.
    expect(seenAtAnswer[0]).toEqual(bodies);
    expect(seenAtAnswer.every((seen) => seen.length === bodies.length)).toBe(true);
  });

  it('rolls back a failed transaction alone: the others of its group are committed', async () => {
    const results = await Promise.allSettled(['first', 'fails', 'last'].map((body) => handle.db.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values (${body})`.execute(trx);
      if (body === 'fails') throw new Error('a business rule refused it');
    })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(onDisk()).toEqual(['first', 'last']);
  });

  it('tells every transaction of a group that SQLite rolled back whole that it failed, and goes on with the next', async () => {
    const bodies = ['before 1', 'before 2', 'poison', 'after 1', 'after 2'];
    const results = await Promise.allSettled(bodies.map((body) => note(handle.db, body)));
    const answered = bodies.filter((_, i) => results[i]!.status === 'fulfilled');
    // The ones before the poison were in its transaction: gone, and none of them was answered as done.
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect(onDisk()).toEqual(answered);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/rolled back the transaction of the group/);
  });

  it('fails the group too when the statement that ends it was sent outside any transaction', async () => {
    const results = await Promise.allSettled([
      note(handle.db, 'in a transaction'),
      sql`insert into notes (body) values ('poison')`.execute(handle.db), // runs inside the open group
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/rolled back the transaction of the group/);
    expect(onDisk()).toEqual([]);
  });

  it('commits a group still open when the database is closed', async () => {
    const other = openDatabase(`sqlite:${file}`);
    let ran = false;
    const written = other.db.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('just before closing')`.execute(trx);
      ran = true;
    });
    while (!ran) await Promise.resolve(); // microtasks only: the end of the turn, and its COMMIT, has not come
    expect(onDisk()).toEqual([]);
    await other.close();
    await written;
    expect(onDisk()).toEqual(['just before closing']);
  });

  it('holds no transaction once the work is done: another process can write at once', async () => {
    await Promise.all(['a', 'b', 'c'].map((body) => note(handle.db, body)));
    await handle.db.selectFrom('notes' as never).selectAll().execute(); // a read after the writes
    const writer = new SQLite(file);
    try {
      writer.pragma('busy_timeout = 0'); // no waiting: a transaction left open would make this throw SQLITE_BUSY
      expect(() => writer.prepare("insert into notes (body) values ('from the CLI')").run()).not.toThrow();
    } finally {
      writer.close();
    }
    expect(onDisk()).toEqual(['a', 'b', 'c', 'from the CLI']);
  });

  describe('statements compiled once', () => {
    const db = () => handle.db as unknown as Kysely<any>;
    const bodies = () => prepared(handle.db, () => db().selectFrom('notes').select('body').orderBy('id') as never, 0);
    const insert = () => prepared(handle.db, (body: string) => db().insertInto('notes').values({ body }) as never, 1);

    it('answer what a group wrote only once the group is on disk', async () => {
      const read = bodies();
      let wrote = false;
      const written = handle.db.transaction().execute(async (trx) => {
        await sql`insert into notes (body) values ('in the group')`.execute(trx);
        wrote = true;
      });
      while (!wrote) await Promise.resolve();
      for (let i = 0; i < 10; i++) await Promise.resolve(); // the member has let go of the connection; the COMMIT is due at the end of the turn
      const [rows, seenAtAnswer] = await read().then((result) => [result, onDisk()]);
      expect(rows).toEqual([{ body: 'in the group' }]);
      expect(seenAtAnswer).toEqual(['in the group']);
      await written;
    });

    it('run in the transaction they are given: its own writes are seen in it, and undone with it', async () => {
      const [read, write] = [bodies(), insert()];
      let seenInside: unknown[] = [];
      const failed = handle.db.transaction().execute(async (trx) => {
        await write.in(trx)('undone');
        seenInside = await read.in(trx)();
        throw new Error('a business rule refused it');
      });
      await expect(failed).rejects.toThrow('a business rule refused it');
      expect(seenInside).toEqual([{ body: 'undone' }]);
      await handle.db.transaction().execute((trx) => write.in(trx)('kept'));
      expect(onDisk()).toEqual(['kept']);
      expect(await read()).toEqual([{ body: 'kept' }]);
    });
  });
});
