// Queries compiled once: Kysely builds and compiles a query's SQL on every call, which costs several
// times what running it costs on SQLite. For the queries of every request, the SQL is compiled once
// with markers in place of the arguments, and each call only supplies the arguments. On SQLite the
// statement then runs at once when it may (database.ts's immediate runner), not through Kysely's
// executor: in the caller's transaction, or outside one while nobody holds the connection.
import type { Compilable, Insertable, Kysely, Selectable } from 'kysely';
import { immediateRunner } from './database.js';
import type { Database } from './schema.js';

export interface Prepared<A extends unknown[], R> {
  (...args: A): Promise<R[]>;
  /** The same query inside a transaction (on SQLite, the transaction holds the one connection). */
  in(trx: Kysely<Database>): (...args: A) => Promise<R[]>;
}

export function prepared<A extends unknown[], R>(db: Kysely<Database>, build: (...args: A) => Compilable<R>, arity: A['length']): Prepared<A, R> {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000argument ${i}\u0000`);
  const compiled = build(...(markers as A)).compile();
  // Where each parameter comes from: an argument, or a constant the query itself holds.
  const sources = compiled.parameters.map((value) => markers.indexOf(value as string));
  const runNow = immediateRunner(db);
  const on = (executor: Kysely<Database>) => async (...args: A): Promise<R[]> => {
    const parameters = compiled.parameters.map((value, i) => (sources[i]! >= 0 ? args[sources[i]!] : value));
    const now = executor === db || executor.isTransaction ? runNow?.(compiled.sql, parameters, executor.isTransaction) : undefined;
    if (!now) return (await executor.executeQuery<R>({ ...compiled, parameters })).rows;
    if (now.committed) await now.committed;
    return now.result as R[];
  };
  return Object.assign(on(db), { in: on });
}

/** An insert of a row with `columns`, compiled once (optionally returning the inserted row). */
export function preparedInsert<T extends keyof Database & string>(
  db: Kysely<Database>, table: T, columns: readonly (keyof Insertable<Database[T]> & string)[], returnRow = false,
) {
  const statement = prepared(db, (...values: unknown[]) => {
    const query = db.insertInto(table).values(Object.fromEntries(columns.map((column, i) => [column, values[i]])) as never);
    return (returnRow ? query.returningAll() : query) as unknown as Compilable<Selectable<Database[T]>>;
  }, columns.length);
  // Every column is bound: one the row leaves out is NULL (callers pass whole rows).
  const values = (row: Insertable<Database[T]>) => columns.map((column) => (row as Record<string, unknown>)[column] ?? null);
  const insert = (row: Insertable<Database[T]>) => statement(...values(row));
  return Object.assign(insert, { in: (trx: Kysely<Database>) => (row: Insertable<Database[T]>) => statement.in(trx)(...values(row)) });
}
