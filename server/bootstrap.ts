// Builds the application context from the configuration: opens and migrates the database, reads
// the contract, picks the outside-system adapters. main.ts, the CLI and the tests start here.
import { readFileSync } from 'node:fs';
import { loadBundle } from '../lib/spec/bundle.js';
import { fcmPushSender, type ServiceAccount } from './adapters/fcm.js';
import { logOtpSender, type OtpSender } from './adapters/otp-sender.js';
import { recordingPushSender, type PushSender } from './adapters/push-sender.js';
import { connectRedis, type RedisLink } from './adapters/redis.js';
import { routerOsConnector } from './adapters/routeros.js';
import { whatsappOtpSender } from './adapters/whatsapp.js';
import { ConfigError, type Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { systemClock } from './shared/clock.js';
import { readContract } from './shared/contract.js';
import { createLogger, type Logger } from './shared/logger.js';

function otpSenderFor(config: Config, logger: Logger): OtpSender {
  return config.whatsapp
    ? whatsappOtpSender({ ...config.whatsapp, timeoutMs: config.outboundTimeoutMs })
    : logOtpSender(logger);
}

function pushSenderFor(config: Config): PushSender {
  if (!config.fcm) return recordingPushSender;
  let text: string;
  try {
    text = readFileSync(config.fcm.serviceAccountFile, 'utf8');
  } catch (error) {
    throw new ConfigError([`FCM_SERVICE_ACCOUNT_FILE=${config.fcm.serviceAccountFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let serviceAccount: ServiceAccount;
  try {
    serviceAccount = JSON.parse(text) as ServiceAccount;
  } catch {
    // Not the parser's message: it quotes the file, and the file holds a private key.
    throw new ConfigError([`FCM_SERVICE_ACCOUNT_FILE=${config.fcm.serviceAccountFile}: not a JSON service account key`]);
  }
  const missing = (['project_id', 'client_email', 'private_key'] as const).filter((field) => !serviceAccount[field]);
  if (missing.length > 0) throw new ConfigError([`FCM_SERVICE_ACCOUNT_FILE lacks ${missing.join(', ')}`]);
  return fcmPushSender({
    serviceAccount,
    ...(config.fcm.tokenUrl ? { tokenUrl: config.fcm.tokenUrl } : {}),
    ...(config.fcm.baseUrl ? { baseUrl: config.fcm.baseUrl } : {}),
    timeoutMs: config.outboundTimeoutMs,
  });
}

const reason = (error: unknown) => (error as Error).message || (error as { code?: string }).code || String(error);

/** The database of DATABASE_URL, opened and answering. One that cannot be opened or reached (no
 * server there, no such database or role, a file that cannot be created) is a configuration problem:
 * said in one line that names the setting, without its password. */
async function reachableDatabase(url: string | undefined): Promise<DatabaseHandle> {
  let database: DatabaseHandle;
  try {
    database = openDatabase(url);
  } catch (error) {
    throw new ConfigError([`DATABASE_URL: the database cannot be opened (${reason(error)})`]);
  }
  try {
    await database.reach();
  } catch (error) {
    await database.close().catch(() => undefined);
    throw new ConfigError([`DATABASE_URL: the database ${database.location} does not answer (${reason(error)})`]);
  }
  return database;
}

/** The link to Redis of REDIS_URL, once it answers. One that does not answer at start is a setting
 * to fix, said in one line without the URL; a later outage is followed by the link (adapters/redis.ts):
 * each process then counts its own rate limits until Redis answers again. */
async function reachableRedis(url: string, timeoutMs: number, logger: Logger): Promise<RedisLink> {
  try {
    return await connectRedis(url, timeoutMs, logger);
  } catch (error) {
    throw new ConfigError([`REDIS_URL (value not shown): Redis does not answer (${reason(error)})`]);
  }
}

export async function createContext(config: Config, overrides: Partial<AppContext> = {}): Promise<AppContext> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const pushSender = overrides.pushSender ?? pushSenderFor(config);
  // Both outside services answer before anything is written.
  const database: DatabaseHandle = overrides.database ?? await reachableDatabase(config.databaseUrl);
  const redis = 'redis' in overrides ? overrides.redis : config.redisUrl ? await reachableRedis(config.redisUrl, config.outboundTimeoutMs, logger) : undefined;
  const applied = await migrateToLatest(database);
  if (applied.length > 0) logger.info({ migrations: applied, database: database.location }, 'database migrated');
  return {
    config,
    database,
    db: database.db,
    clock: systemClock,
    logger,
    contract: readContract(loadBundle()),
    otpSender: otpSenderFor(config, logger),
    routers: routerOsConnector({ timeoutMs: config.routerTimeoutMs }),
    ...overrides,
    redis,
    pushSender,
  };
}
