// Data access of the network status: a customer's line (its PPP user and router) and the router.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export function networkRepository(db: Kysely<Database>) {
  return {
    /** The customer with the number, with what names its line on its router. */
    lineNumbered: (noServices: string) =>
      db.selectFrom('customers')
        .select(['user_id', 'no_services', 'name', 'mode', 'router_id', 'user_mikrotik', 'user_profile'])
        .where('no_services', '=', noServices).executeTakeFirst(),
    router: (id: number) => db.selectFrom('routers').selectAll().where('id', '=', id).executeTakeFirst(),
  };
}

export type NetworkRepository = ReturnType<typeof networkRepository>;
