// API keys of payment partners and integrations: created with an optional allow-list of client
// addresses, checked on every API-key operation, revoked by an admin.
import { createHash, randomBytes } from 'node:crypto';
import type { ErrorCode } from '../errors.js';
import { jakartaDateTime, type Clock } from '../shared/clock.js';
import { addressAllowed, parseCidrList } from './cidr.js';
import type { ApiKeyRepository, ApiKeyRow } from './repository.js';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** The outcome, with the key when it is one of ours (accepted, or refused for the client's address). */
export type KeyCheck = { ok: true; key: ApiKeyRow } | { ok: false; code: Extract<ErrorCode, 'API_KEY_MISSING' | 'API_KEY_INVALID' | 'IP_NOT_ALLOWED'>; key?: ApiKeyRow };

export function apiKeyService(keys: ApiKeyRepository, clock: Clock) {
  return {
    /** Creates a key; the returned `key` is the only time it is visible. */
    async create(name: string, allow?: string): Promise<{ key: string; row: ApiKeyRow }> {
      const cidrs = allow ? parseCidrList(allow) : [];
      const key = `jwi_${randomBytes(32).toString('base64url')}`;
      const row = await keys.create({
        name,
        key_hash: hashKey(key),
        key_prefix: key.slice(0, 12),
        allowed_cidrs: cidrs.length > 0 ? cidrs.join(',') : null,
        is_active: 1,
        created_at: jakartaDateTime(clock.now()),
      });
      return { key, row };
    },

    list: () => keys.list(),

    revoke: (selector: { id: number } | { prefix: string }) => keys.revoke(selector, jakartaDateTime(clock.now())),

    async check(key: string | undefined, clientAddress: string): Promise<KeyCheck> {
      if (!key) return { ok: false, code: 'API_KEY_MISSING' };
      const row = await keys.findByHash(hashKey(key));
      if (!row || row.is_active !== 1) return { ok: false, code: 'API_KEY_INVALID' };
      if (row.allowed_cidrs && !addressAllowed(row.allowed_cidrs.split(','), clientAddress)) return { ok: false, code: 'IP_NOT_ALLOWED', key: row };
      return { ok: true, key: row };
    },
  };
}

export type ApiKeyService = ReturnType<typeof apiKeyService>;
