// Queries compiled once (server/db/prepared.ts), on SQLite and PostgreSQL: each call binds its own
// arguments, constants of the query stay, and a query whose arguments would not each reach the SQL
// as one whole parameter is refused when it is prepared (not run with the marker's text in place).
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.js';
import { prepared, preparedInsert } from '../../../server/db/prepared.js';
import type { Database } from '../../../server/db/schema.js';
import { createPostgresSchema, databaseKinds, POSTGRES_URL } from '../../support/databases.js';

const kinds = await databaseKinds();

describe.each(['sqlite', 'postgres'] as const)('prepared queries on %s', (kind) => {
  let handle: DatabaseHandle;
  let dropSchema: (() => Promise<void>) | undefined;
  // A table of its own: the statements are about binding, not about the API's schema.
  const db = () => handle.db as unknown as Kysely<any>;

  beforeAll(async () => {
    if (!kinds.includes(kind)) return;
    if (kind === 'postgres') {
      const { schema, drop } = await createPostgresSchema();
      dropSchema = drop;
      handle = openDatabase(POSTGRES_URL, { pgSchema: schema });
    } else {
      handle = openDatabase('sqlite::memory:');
    }
    await sql`create table things (id integer primary key, name text not null, kind text not null, size integer)`.execute(handle.db);
    await sql`insert into things (id, name, kind, size) values (1, 'a', 'small', 1), (2, 'b', 'large', 9), (3, 'c', 'small', null)`.execute(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await dropSchema?.();
  });

  it.skipIf(!kinds.includes(kind))('binds each call\'s arguments where the query has them, and keeps its constants', async () => {
    const ofKind = prepared(handle.db, (kind: string, minimum: number) =>
      db().selectFrom('things').select('name').where('kind', '=', kind).where('size', '>=', minimum).where('name', '!=', 'zzz').orderBy('id'));
    expect(await ofKind('small', 0)).toEqual([{ name: 'a' }]);
    expect(await ofKind('large', 5)).toEqual([{ name: 'b' }]);
    expect(await ofKind('large', 10)).toEqual([]);
  });

  it.skipIf(!kinds.includes(kind))('binds an argument the query uses twice, and null where it is given', async () => {
    const sized = prepared(handle.db, (size: number | null) => db().selectFrom('things').select('name')
      .where((eb) => eb.or([eb(eb.cast(eb.val(size), 'integer'), 'is', null), eb('size', '=', size as number)])).orderBy('id'));
    expect(await sized(9)).toEqual([{ name: 'b' }]);
    expect(await sized(null)).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
  });

  it.skipIf(!kinds.includes(kind))('inserts whole rows, in a transaction when given one', async () => {
    const insert = preparedInsert(handle.db, 'things' as keyof Database & string, ['id', 'name', 'kind'] as never, true);
    const [row] = (await handle.db.transaction().execute((trx) => insert.in(trx)({ id: 4, name: 'd', kind: 'small' } as never))) as unknown[];
    expect(row).toEqual({ id: 4, name: 'd', kind: 'small', size: null });
  });

  describe('refused when prepared', () => {
    it.skipIf(!kinds.includes(kind))('an argument written into the SQL text', () => {
      expect(() => prepared(handle.db, (name: string) => db().selectFrom('things').select('id').where('name', '=', sql.lit(name))))
        .toThrow(/prepared query: an argument was written into the SQL text/);
    });

    it.skipIf(!kinds.includes(kind))('an argument transformed before it is bound', () => {
      expect(() => prepared(handle.db, (year: number) => db().selectFrom('things').select('id').where('name', '>=', `${year}-01-01`)))
        .toThrow(/prepared query: parameter 1 is made from an argument/);
    });

    it.skipIf(!kinds.includes(kind))('an argument put into an array', () => {
      expect(() => prepared(handle.db, (name: string) => db().selectFrom('things').select('id').where('name', 'in', [name, 'x'])))
        .not.toThrow(); // each element is a parameter of its own: bound
      expect(() => prepared(handle.db, (name: string) => db().selectFrom('things').select('id')
        .where(sql<boolean>`name = any(${[name]})`)))
        .toThrow(/prepared query: parameter 1 is made from an argument/);
    });

    it.skipIf(!kinds.includes(kind))('an argument the query leaves out', () => {
      expect(() => prepared(handle.db, (_name: string, size: number) => db().selectFrom('things').select('id').where('size', '=', size)))
        .toThrow(/prepared query: argument 1 of 2 is not bound to any parameter/);
    });
  });

  describe('refused when called', () => {
    it.skipIf(!kinds.includes(kind))('with another number of arguments than the query takes', async () => {
      const byName = prepared(handle.db, (name: string) => db().selectFrom('things').select('id').where('name', '=', name));
      await expect((byName as unknown as (...args: unknown[]) => Promise<unknown>)('a', 'b')).rejects.toThrow(/called with 2 arguments, takes 1/);
    });

    it.skipIf(!kinds.includes(kind))('with an array where one value is bound', async () => {
      const byName = prepared(handle.db, (name: string) => db().selectFrom('things').select('id').where('name', '=', name));
      await expect(byName(['a', 'b'] as never)).rejects.toThrow(/an argument is an array; each argument binds one value/);
    });
  });
});
