// Data access for API keys. Only a SHA-256 of each key is stored: keys are long random strings,
// so a fast hash is enough, and the key itself is shown once, when it is created.
import type { Insertable, Kysely, Selectable } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

export type ApiKeyRow = Selectable<Database['api_keys']>;

export function apiKeyRepository(db: Kysely<Database>) {
  // Compiled once: every partner request looks its key up.
  const byHash = prepared(db, (keyHash: string) => db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash));
  return {
    findByHash: async (keyHash: string): Promise<ApiKeyRow | undefined> => (await byHash(keyHash))[0],
    list: () => db.selectFrom('api_keys').selectAll().orderBy('id').execute(),
    create: (key: Insertable<Database['api_keys']>) => db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow(),
    /** Revokes by id or by the key's visible prefix; the number of keys revoked. */
    async revoke(selector: { id: number } | { prefix: string }, at: string): Promise<number> {
      let query = db.updateTable('api_keys').set({ is_active: 0, revoked_at: at }).where('is_active', '=', 1);
      query = 'id' in selector ? query.where('id', '=', selector.id) : query.where('key_prefix', '=', selector.prefix);
      return Number((await query.executeTakeFirst()).numUpdatedRows);
    },
  };
}

export type ApiKeyRepository = ReturnType<typeof apiKeyRepository>;
