// The demo's router RT-01 is simulated: with the demo data (SEED_DEMO), the server starts a RouterOS
// API simulator on a free local port and points RT-01 at it, so that `npm start` answers the line
// status of its demo customers as a real router would: ISP00123 (john_pppoe) online; 28900001 is
// not synchronised to the router (409). A router row changed by hand is left alone.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../shared/logger.js';
import { startRouterSimulator, type RouterSimulator } from './router-simulator.js';

export const DEMO_ROUTER = { alias: 'RT-01', host: '127.0.0.1', username: 'api', password: 'api-demo' } as const;

export async function startDemoRouter(db: Kysely<Database>, logger: Logger): Promise<RouterSimulator | undefined> {
  const row = await db.selectFrom('routers').select('id')
    .where('alias', '=', DEMO_ROUTER.alias).where('host', '=', DEMO_ROUTER.host)
    .where('username', '=', DEMO_ROUTER.username).where('password', '=', DEMO_ROUTER.password)
    .executeTakeFirst();
  if (!row) return undefined;
  const router = await startRouterSimulator({ username: DEMO_ROUTER.username, password: DEMO_ROUTER.password });
  router.secrets.set('john_pppoe', { profile: 'REG50M' });
  router.active.set('john_pppoe', { address: '10.10.10.2', uptime: '3h4m5s' });
  await db.updateTable('routers').set({ port: router.port }).where('id', '=', row.id).execute();
  logger.info({ router: DEMO_ROUTER.alias, port: router.port }, 'demo router simulated (RouterOS API)');
  return router;
}
