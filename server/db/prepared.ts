// Queries compiled once, for the statements of the hot requests: Kysely builds and compiles a query's
// SQL on every call, which costs more than running it on SQLite. The query is built
// once with a marker in place of each argument; each call puts the arguments where the markers are
// (docs/performance.md, Storage). On SQLite the statement then runs on the executor directly
// (sqlite/executor.ts) when it may; otherwise, and on PostgreSQL, through Kysely.
//
// What must hold, checked when the query is prepared: every argument reaches the SQL as one whole
// parameter. A builder that inlines an argument into the SQL text, transforms it, wraps it in an
// array or leaves it out would otherwise run with the marker's text in its place: the preparation
// fails instead, naming the argument. Each call checks that it gives as many arguments as the query
// takes, and only values SQLite and PostgreSQL bind as one parameter.
import type { Compilable, CompiledQuery, Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';
import { SqliteKysely } from './sqlite/executor.js';

/** What one parameter can be: a value both drivers bind as it is. */
export type Bindable = string | number | bigint | null | Uint8Array;

export interface Prepared<A extends Bindable[], R> {
  (...args: A): Promise<R[]>;
  /** The same query inside a transaction (on SQLite, the transaction holds the one connection). */
  in(trx: Kysely<Database>): (...args: A) => Promise<R[]>;
}

const MARKER = '\u0000argument ';
const marker = (i: number) => `${MARKER}${i}\u0000`;

/** `build` compiled once; `arity` is the number of its arguments (its declared parameters by default). */
export function prepared<A extends Bindable[], R>(db: Kysely<Database>, build: (...args: A) => Compilable<R>, arity: number = build.length): Prepared<A, R> {
  const markers = Array.from({ length: arity }, (_, i) => marker(i));
  const compiled = build(...(markers as A)).compile();
  // Where each parameter comes from: an argument, or a constant the query itself holds.
  const sources = compiled.parameters.map((value) => markers.indexOf(value as string));
  checkBinding(compiled, sources, arity);
  const sqlite = db instanceof SqliteKysely ? db.executor : undefined;
  const on = (executor: Kysely<Database>) => async (...args: A): Promise<R[]> => {
    const parameters = bind(compiled.parameters, sources, args, arity);
    const now = sqlite && (executor === db || executor.isTransaction) ? sqlite.run(compiled.sql, parameters, executor.isTransaction) : undefined;
    if (!now) return (await executor.executeQuery<R>({ ...compiled, parameters })).rows;
    if (now.committed) await now.committed;
    return now.rows as R[];
  };
  return Object.assign(on(db), { in: on });
}

/** An insert of a row with `columns`, compiled once (optionally returning the inserted row). */
export function preparedInsert<T extends keyof Database & string>(
  db: Kysely<Database>, table: T, columns: readonly (keyof Insertable<Database[T]> & string)[], returnRow = false,
) {
  const statement = prepared(db, (...values: Bindable[]) => {
    const query = db.insertInto(table).values(Object.fromEntries(columns.map((column, i) => [column, values[i]])) as never);
    return (returnRow ? query.returningAll() : query) as unknown as Compilable<Selectable<Database[T]>>;
  }, columns.length);
  // Every column is bound: one the row leaves out is NULL (callers pass whole rows).
  const values = (row: Insertable<Database[T]>) => columns.map((column) => ((row as Record<string, unknown>)[column] ?? null) as Bindable);
  const insert = (row: Insertable<Database[T]>) => statement(...values(row));
  return Object.assign(insert, { in: (trx: Kysely<Database>) => (row: Insertable<Database[T]>) => statement.in(trx)(...values(row)) });
}

const ESCAPED_MARKER = JSON.stringify(MARKER).slice(1, -1);
const carriesMarker = (value: unknown): boolean => {
  if (typeof value === 'string') return value.includes(MARKER);
  if (typeof value !== 'object' || value === null) return false;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes(ESCAPED_MARKER);
};
const bindable = (value: unknown): value is Bindable =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || value instanceof Uint8Array;

/** Throws when an argument would not be bound as one whole parameter (see the top of the file). */
function checkBinding(compiled: CompiledQuery, sources: number[], arity: number): void {
  const fail = (what: string) => {
    throw new Error(`prepared query: ${what}; build the query from the arguments as they are, each as one value (${compiled.sql})`);
  };
  if (carriesMarker(compiled.sql)) fail('an argument was written into the SQL text instead of bound');
  compiled.parameters.forEach((value, i) => {
    if (sources[i]! < 0 && carriesMarker(value)) fail(`parameter ${i + 1} is made from an argument (transformed, or put in an array or object)`);
  });
  for (let i = 0; i < arity; i++) if (!sources.includes(i)) fail(`argument ${i + 1} of ${arity} is not bound to any parameter`);
}

function bind(constants: readonly unknown[], sources: number[], args: readonly unknown[], arity: number): unknown[] {
  if (args.length !== arity) throw new Error(`prepared query: called with ${args.length} arguments, takes ${arity}`);
  for (const arg of args) {
    if (!bindable(arg)) throw new Error(`prepared query: an argument is ${Array.isArray(arg) ? 'an array' : typeof arg}; each argument binds one value`);
  }
  return constants.map((value, i) => (sources[i]! >= 0 ? args[sources[i]!] : value));
}
