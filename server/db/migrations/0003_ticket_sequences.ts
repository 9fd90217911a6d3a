// Ticket numbers are the day's sequence: a counter per day hands them out in O(1), under a row lock
// on PostgreSQL, however many tickets the day already has.
import type { Kysely } from 'kysely';

export function up() {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.createTable('ticket_sequences')
      .addColumn('date_help', 'text', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();
  };
}
