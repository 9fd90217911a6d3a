// What every component is built from. main.ts assembles it from the configuration; tests
// assemble it with their own clock, database and outside-system doubles.
import type { Kysely } from 'kysely';
import type { OtpSender } from './adapters/otp-sender.js';
import type { PushSender } from './adapters/push-sender.js';
import type { RedisLink } from './adapters/redis.js';
import type { RouterConnector } from './adapters/routeros.js';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import type { DatabaseHandle } from './db/database.js';
import type { Clock } from './shared/clock.js';
import type { Contract } from './shared/contract.js';
import type { Logger } from './shared/logger.js';

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  contract: Contract;
  otpSender: OtpSender;
  pushSender: PushSender;
  routers: RouterConnector;
  /** Shared counters (rate limits) when several processes serve the API; undefined: in memory. */
  redis: RedisLink | undefined;
}
