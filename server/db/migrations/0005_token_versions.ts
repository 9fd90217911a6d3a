// A password change (change-password, reset-password) must end every session of the account: each
// token carries the account's token version, and the change moves the version on, so every token
// issued before it is refused on its next request, by every server process sharing the database.
import type { Kysely } from 'kysely';

export function up() {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('users').addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  };
}
