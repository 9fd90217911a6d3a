// Ticket numbers count the tickets of the day: an index on the day keeps that count cheap.
import type { Kysely } from 'kysely';

export function up() {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.createIndex('tickets_date_help').on('tickets').column('date_help').execute();
  };
}
