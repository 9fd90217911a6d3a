// Builds the application context from the configuration: opens and migrates the database, reads
// the contract, picks the outside-system adapters. main.ts, the CLI and the tests start here.
import { loadBundle } from '../lib/spec/bundle.js';
import { logOtpSender } from './adapters/otp-sender.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { systemClock } from './shared/clock.js';
import { readContract } from './shared/contract.js';
import { createLogger } from './shared/logger.js';

export async function createContext(config: Config, overrides: Partial<AppContext> = {}): Promise<AppContext> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
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
    otpSender: logOtpSender(logger),
    ...overrides,
  };
}
