// Redis (REDIS_URL): where several server processes share their rate-limit counters. It can go away
// and come back; whether it answers is tracked here and each change said once in the log, so that
// the counters can fall back to the process's own meanwhile (http/rate-limit.ts) and /health can
// report it. The client fails a command at once while disconnected (no offline queue) and
// reconnects by itself.
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';

/** How long a command may take before Redis counts as not answering. */
const COMMAND_TIMEOUT_MS = 1000;

export interface RedisLink {
  client: Redis;
  /** A command was answered: Redis is back, if it was gone. */
  answered(): void;
  /** A command failed: Redis is gone, if it was there. */
  failed(error: unknown): void;
  /** Whether Redis answers a PING now. */
  ping(): Promise<boolean>;
  quit(): Promise<void>;
}

/** Connects to Redis; resolves once it answers, rejects with the reason when its first attempt fails
 * (a setting to fix: bootstrap.ts says so in one line). Later outages are followed, not thrown.
 * Loaded only when REDIS_URL is set: a single process does not carry the Redis client in memory. */
export async function connectRedis(url: string, connectTimeoutMs: number, logger: Logger): Promise<RedisLink> {
  const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: connectTimeoutMs, commandTimeout: COMMAND_TIMEOUT_MS });
  let reachable = true;
  const link: RedisLink = {
    client,
    answered() {
      if (reachable) return;
      reachable = true;
      logger.info('Redis answers again: the rate limits are shared by every process again');
    },
    failed(error) {
      if (!reachable) return;
      reachable = false;
      // The error's message only: it names the address, never the URL with its password.
      logger.warn({ reason: (error as Error).message }, 'Redis does not answer: each process counts its own rate limits until it does');
    },
    async ping() {
      try {
        await client.ping();
        link.answered();
        return true;
      } catch (error) {
        link.failed(error);
        return false;
      }
    },
    async quit() {
      await client.quit().catch(() => client.disconnect());
    },
  };
  const refused = await new Promise<Error | undefined>((resolve) => {
    client.once('ready', () => resolve(undefined));
    client.once('error', resolve);
  });
  if (refused) {
    client.disconnect();
    throw refused;
  }
  // Connection errors come as events (and would be printed as unhandled without a listener).
  client.on('error', (error) => link.failed(error));
  client.on('ready', () => link.answered());
  return link;
}
