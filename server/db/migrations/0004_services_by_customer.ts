// A customer's service lines are looked up on every GET /customer (its current line: active first,
// then newest) and by the services list; without an index each lookup read the whole table.
import type { Kysely } from 'kysely';

export function up() {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.createIndex('services_customer').on('services').columns(['customer_id', 'is_active', 'id']).execute();
  };
}
