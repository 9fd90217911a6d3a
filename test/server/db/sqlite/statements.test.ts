// The rows SQLite's kept statements answer (server/db/sqlite/statements.ts): read as arrays and made
// into objects by a function compiled per statement, they must be what better-sqlite3's own objects
// would be, whatever the columns are called; a statement run again answers its new rows.
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../../server/db/database.js';

let handle: DatabaseHandle;
const plain = new SQLite(':memory:'); // better-sqlite3 as it is: the objects to match
const rows = async (query: string) => (await sql.raw(query).execute(handle.db)).rows;
const expected = (query: string) => plain.prepare(query).all();

beforeAll(() => {
  handle = openDatabase('sqlite::memory:');
});
afterAll(async () => {
  plain.close();
  await handle.close();
});

describe('row objects of kept SQLite statements', () => {
  it.each([
    ['plain names, in their order', "select 1 as id, 'x' as name, null as gone, 2.5 as price"],
    ['two columns of one name: the later wins', "select 1 as a, 2 as a, 3 as b"],
    ['names that are not identifiers', `select 1 as "two words", 2 as "with-dash", 3 as "1st", 4 as "é"`],
    ['a name that would set the prototype', `select 1 as "__proto__", 2 as plain`],
    ['a name that would be code', `select 1 as "a: 1 }; globalThis.pwned = 1; ({ b"`],
    ['names shared with Object.prototype', 'select 1 as constructor, 2 as toString, 3 as hasOwnProperty'],
  ])('%s', async (_case, query) => {
    const answered = await rows(query);
    expect(answered).toEqual(expected(query));
    expect(answered.map((row) => Object.keys(row as object))).toEqual(expected(query).map((row) => Object.keys(row as object)));
    expect(Object.getPrototypeOf(answered[0])).toBe(Object.prototype);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('answers each run of a kept statement its own rows, and writes answer none', async () => {
    await sql`create table kept (id integer primary key, body text)`.execute(handle.db);
    const insert = (body: string) => sql`insert into kept (body) values (${body})`.execute(handle.db);
    const bodies = async () => (await sql<{ id: number; body: string }>`select id, body from kept order by id`.execute(handle.db)).rows;
    expect((await insert('first')).rows).toEqual([]);
    expect(await bodies()).toEqual([{ id: 1, body: 'first' }]);
    await insert('second');
    expect(await bodies()).toEqual([{ id: 1, body: 'first' }, { id: 2, body: 'second' }]);
  });
});
