// What each profile may do to its target.
import type { Profile } from './config.js';
import type { Operation } from './contract.js';

// Writes that production tolerates: they touch only the suite's own throwaway accounts.
const PRODUCTION_WRITES = new Set([
  'POST /auth/register', 'POST /auth/login', 'POST /auth/logout', 'POST /auth/refresh', 'POST /auth/change-password',
  'POST /notification/token', 'DELETE /notification/token', 'POST /customer/profile-photo',
]);

/** Whether requests that the target would accept may be sent to this operation. */
export function mayWrite(profile: Profile, op: Operation): boolean {
  return profile !== 'production' || op.method === 'GET' || PRODUCTION_WRITES.has(op.key);
}
