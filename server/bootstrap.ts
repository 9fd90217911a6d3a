// Builds the application context from the configuration: opens and migrates the database, reads
// the contract, picks the outside-system adapters. main.ts, the CLI and the tests start here.
import { readFileSync } from 'node:fs';
import { loadBundle } from '../lib/spec/bundle.js';
import { fcmPushSender, type ServiceAccount } from './adapters/fcm.js';
import { logOtpSender, type OtpSender } from './adapters/otp-sender.js';
import { recordingPushSender, type PushSender } from './adapters/push-sender.js';
import { connectRedis } from './adapters/redis.js';
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

export async function createContext(config: Config, overrides: Partial<AppContext> = {}): Promise<AppContext> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const pushSender = overrides.pushSender ?? pushSenderFor(config);
  const database: DatabaseHandle = overrides.database ?? openDatabase(config.databaseUrl);
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
    redis: config.redisUrl ? await connectRedis(config.redisUrl, config.outboundTimeoutMs, logger) : undefined,
    ...overrides,
    pushSender,
  };
}
