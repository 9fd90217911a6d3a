// The demo's router RT-01 is simulated. Its row keeps the address it was seeded with (DEMO_ROUTER:
// 127.0.0.1:8728, user api), and no process writes it: each server with the demo data (SEED_DEMO)
// runs a RouterOS API simulator of its own on a free local port, and asks it whenever a customer's
// router row is that address. Shared data never points at a simulator that ends with one process:
// a second `npm start` whose port is taken, or one of several processes on one PostgreSQL
// database that stops, leaves the others answering. A row changed by hand (another host, port or
// login: a real MikroTik) is asked as it is. ISP00123 (john_pppoe) is online; 28900001 is not
// synchronised to the router (409).
import type { RouterAddress, RouterConnector } from '../adapters/routeros.js';
import type { Logger } from '../shared/logger.js';
import { startRouterSimulator } from './router-simulator.js';

export const DEMO_ROUTER = { alias: 'RT-01', host: '127.0.0.1', port: 8728, username: 'api', password: 'api-demo' } as const;

const isDemoRouter = (router: RouterAddress) => router.host === DEMO_ROUTER.host && router.port === DEMO_ROUTER.port
  && router.username === DEMO_ROUTER.username && router.password === DEMO_ROUTER.password;

export interface DemoRouter {
  /** `connector`, except that the demo router's row is asked of this process's simulator. */
  connector: RouterConnector;
  close(): Promise<void>;
}

export async function startDemoRouter(connector: RouterConnector, logger: Logger): Promise<DemoRouter> {
  const simulator = await startRouterSimulator({ username: DEMO_ROUTER.username, password: DEMO_ROUTER.password });
  simulator.secrets.set('john_pppoe', { profile: 'REG50M' });
  simulator.active.set('john_pppoe', { address: '10.10.10.2', uptime: '3h4m5s' });
  logger.info({ router: DEMO_ROUTER.alias, port: simulator.port }, 'demo router simulated (RouterOS API)');
  return {
    connector: {
      pppState: (router, user) => connector.pppState(isDemoRouter(router) ? { ...router, host: simulator.host, port: simulator.port } : router, user),
    },
    close: () => simulator.close(),
  };
}
