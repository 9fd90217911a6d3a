// Starts the reference server: config -> database (migrated, demo data on a fresh one) -> app ->
// listen. SIGTERM and SIGINT stop it gracefully: no new connections, in-flight requests finish.
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { createContext } from './bootstrap.js';
import { ConfigError, configWarnings, loadConfig, type Config } from './config.js';
import { startDemoRouter } from './demo/demo-router.js';
import { demoCredentialsIn } from './demo/leftovers.js';
import { seedDemo } from './demo/seed.js';
import { DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD } from './demo/constants.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** A configuration problem (a bad setting, a database or Redis that does not answer) is said in one
 * line naming the setting, and the process exits 1; anything else is a bug, with its stack trace. */
function exitOnConfigError(error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  exitOnConfigError(error);
}
const ctx = await createContext(config).catch(exitOnConfigError);
const { logger, database } = ctx;
if (config.seedDemo && (await seedDemo(database, ctx.clock))) logger.info('demo data seeded');
if (config.env === 'production') {
  // A database seeded by a development start still opens to the demo's published key and logins.
  const leftovers = await demoCredentialsIn(ctx.db);
  if (leftovers.length > 0) {
    console.error(`Refusing to start with NODE_ENV=production: the database honours the demo's published credentials:\n${leftovers.map((p) => `  - ${p}`).join('\n')}`);
    await database.close();
    process.exit(1);
  }
}
const demoRouter = config.seedDemo ? await startDemoRouter(ctx.routers, logger) : undefined;
for (const warning of configWarnings(config)) logger.warn(warning);

// Express 5 calls back with the error when the server cannot listen (a port in use, a host not
// of this machine): said in one line, not as a crash on an address that is not there.
const server = createApp(demoRouter ? { ...ctx, routers: demoRouter.connector } : ctx).listen(config.port, config.host, (error?: NodeJS.ErrnoException) => {
  if (error) {
    const reason = error.code === 'EADDRINUSE' ? 'the port is in use (set PORT to a free one)' : error.message;
    console.error(`JWI reference server cannot listen on ${config.host}:${config.port}: ${reason}`);
    process.exit(1);
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.info({ url: `${url}/api`, docs: `${url}/docs`, database: database.location }, 'JWI reference server listening');
  console.log(`\nJWI reference server\n  API:    ${url}/api\n  Docs:   ${url}/docs\n  Health: ${url}/health`);
  if (config.seedDemo) {
    console.log(`  Demo login: ${DEMO_CUSTOMERS.map((c) => `${c.email} (${c.no_services})`).join(', ')}; password ${DEMO_PASSWORD}`);
    console.log(`  Demo API key (X-MYWIFI-KEY): ${DEMO_API_KEY}`);
  }
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  server.close(async () => {
    clearTimeout(force);
    await demoRouter?.close();
    await database.close();
    await ctx.redis?.quit();
    logger.info('stopped');
    logger.flush(() => process.exit(0));
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
