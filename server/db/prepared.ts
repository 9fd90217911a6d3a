// Queries compiled once: Kysely builds and compiles a query's SQL on every call, which costs several
// times what running it costs on SQLite. For the queries of every request, the SQL is compiled once
// with markers in place of the arguments, and each call only supplies the arguments.
import type { Compilable, Kysely } from 'kysely';
import type { Database } from './schema.js';

export function prepared<A extends unknown[], R>(db: Kysely<Database>, build: (...args: A) => Compilable<R>, arity: A['length']) {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000argument ${i}\u0000`);
  const compiled = build(...(markers as A)).compile();
  // Where each parameter comes from: an argument, or a constant the query itself holds.
  const sources = compiled.parameters.map((value) => markers.indexOf(value as string));
  return async (...args: A): Promise<R[]> => {
    const parameters = compiled.parameters.map((value, i) => (sources[i]! >= 0 ? args[sources[i]!] : value));
    return (await db.executeQuery<R>({ ...compiled, parameters })).rows;
  };
}
