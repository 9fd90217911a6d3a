// The statements Kysely's SQLite dialect runs, kept and read the cheap way:
// - Kysely prepares every query anew, and preparing costs more than running a small query; the same
//   SQL gives a statement that can be run again, so the most recent KEPT statements are kept (`in
//   (...)` lists of varying length make new SQL, so the cache must be bounded).
// - better-sqlite3 builds each row object property by property through V8's API, which costs more
//   than reading the row and makes objects of many shapes. Rows are read as arrays and made into
//   objects by a function compiled once per statement: every row of a statement has one shape.
// What must hold: a row object is what better-sqlite3 would have made (same names, same values; of
// two columns with one name the later wins). Figures: docs/performance.md, Storage.
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

/** Only plain names go into a compiled function's source: anything else could be code, and
 * `__proto__` in an object literal sets the prototype instead of a property. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The function that makes a row array into its object, or undefined where better-sqlite3's own
 * objects must be kept (a column name that is not plain). */
function rowMapper(columns: string[]): ((row: unknown[]) => unknown) | undefined {
  if (!columns.every((name) => PLAIN_NAME.test(name) && name !== '__proto__')) return undefined;
  // An object literal with a repeated key keeps the last value, as better-sqlite3 does.
  return new Function('row', `return { ${columns.map((name, i) => `${name}: row[${i}]`).join(', ')} };`) as (row: unknown[]) => unknown;
}

function withRowObjects(statement: SQLite.Statement): SqliteStatement {
  const toObject = statement.reader ? rowMapper(statement.columns().map((column) => column.name)) : undefined;
  if (!toObject) return statement;
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
