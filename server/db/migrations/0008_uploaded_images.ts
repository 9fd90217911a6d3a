// The photo file each user uploaded, recorded apart from `image`: `image` once came from the client
// (register's `image` could name another user's photo, which the next upload then deleted), so the
// server deletes only the file this column names, one it wrote for this user itself. Rows from
// before stay null: their earlier uploads are left on disk rather than trusting `image`.
import type { Kysely } from 'kysely';

export function up() {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('users').addColumn('uploaded_image', 'text').execute();
  };
}
