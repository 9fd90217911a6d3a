// What the demo data leaves in a database that a production server must not serve: its partner
// keys and its logins are published (README, the docs, the sandbox's Postman environment), so a
// database seeded by a development start hands them to anyone once it goes to production.
import bcrypt from 'bcryptjs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hashKey } from '../keys/service.js';
import { DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_RESTRICTED_API_KEY } from './constants.js';

/** One line per published credential the database still honours, each saying what to do. */
export async function demoCredentialsIn(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = [];
  const keys = await db.selectFrom('api_keys').select(['id', 'key_prefix']).where('is_active', '=', 1)
    .where('key_hash', 'in', [hashKey(DEMO_API_KEY), hashKey(DEMO_RESTRICTED_API_KEY)]).orderBy('id').execute();
  for (const key of keys) {
    problems.push(`the demo partner key #${key.id} (${key.key_prefix}...) is active: revoke it with "npm run keys -- revoke --id ${key.id}" (same DATABASE_URL), or start from a new database`);
  }
  const users = await db.selectFrom('users').select(['email', 'password_hash']).where('is_active', '=', 1)
    .where('email', 'in', DEMO_CUSTOMERS.map((c) => c.email)).orderBy('id').execute();
  for (const user of users) {
    if (await bcrypt.compare(DEMO_PASSWORD, user.password_hash)) {
      problems.push(`the demo account ${user.email} still has the published demo password: start from a new database (or change that password from a development start first)`);
    }
  }
  return problems;
}
