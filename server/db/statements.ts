// What Kysely's SQLite dialect runs its queries on: better-sqlite3, with two costs taken out.
// - Kysely prepares every query anew, and preparing was a fifth of a request's cost: the same SQL
//   gives a statement that can be run again, so statements are kept (the most recent 500: `in (...)`
//   lists of varying length make new SQL).
// - better-sqlite3 builds each row object property by property through V8's API, which costs about
//   twice reading the row (a customer's 25 columns: ~17 µs against ~9 µs here) and makes objects
//   that are slow to read. Rows are read as arrays and made into objects by a function compiled once
//   per statement, all of one shape.
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const KEPT = 500;

export function cachedStatements(database: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql); // re-inserted below: the map's order is the order of use
      } else {
        statement = withRowObjects(database.prepare(sql));
        if (statements.size >= KEPT) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

function withRowObjects(statement: SQLite.Statement): SqliteStatement {
  const columns = statement.reader ? statement.columns().map((column) => column.name) : [];
  // Only plain names go into the compiled function's source (a column named otherwise, or
  // __proto__, which an object literal would take for the prototype, keeps better-sqlite3's objects).
  if (!statement.reader || !columns.every((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name !== '__proto__')) return statement;
  // Later columns of the same name win, as in better-sqlite3's objects.
  const toObject = new Function('row', `return { ${columns.map((name, i) => `${name}: row[${i}]`).join(', ')} };`) as (row: unknown[]) => unknown;
  const rows = statement.raw(true);
  return {
    reader: true,
    all: (parameters) => (rows.all(parameters) as unknown[][]).map(toObject),
    run: (parameters) => rows.run(parameters),
    iterate: function* (parameters) {
      for (const row of rows.iterate(parameters) as IterableIterator<unknown[]>) yield toObject(row);
    },
  };
}
