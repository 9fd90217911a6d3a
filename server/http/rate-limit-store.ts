// Where the rate limits count when several processes share them: Redis. While Redis does not
// answer, each process counts in its own memory instead: limits per process rather than none (a
// request is never let through uncounted), and said once in the log (adapters/redis.ts).
import { MemoryStore, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import type { RedisLink } from '../adapters/redis.js';

// INCR and set the window on the first hit, atomically; answers the count and the time left.
const INCREMENT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

/** Counters in Redis, shared by every process; while Redis does not answer, in this process's memory
 * (limits per process rather than none: a request is never let through uncounted). */
export class SharedStore implements Store {
  private windowMs = 60_000;
  private readonly local = new MemoryStore();
  readonly localKeys = false;
  constructor(private readonly redis: RedisLink, readonly prefix: string) {}
  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.local.init(options);
  }
  private async either<T>(shared: (redis: Redis) => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      const result = await shared(this.redis.client);
      this.redis.answered();
      return result;
    } catch (error) {
      this.redis.failed(error);
      return local();
    }
  }
  increment(key: string): Promise<IncrementResponse> {
    return this.either(async (redis) => {
      const [totalHits, ttl] = (await redis.eval(INCREMENT, 1, this.prefix + key, String(this.windowMs))) as [number, number];
      return { totalHits, resetTime: new Date(Date.now() + (ttl > 0 ? ttl : this.windowMs)) };
    }, () => this.local.increment(key));
  }
  decrement(key: string): Promise<void> {
    return this.either(async (redis) => void (await redis.decr(this.prefix + key)), () => this.local.decrement(key));
  }
  resetKey(key: string): Promise<void> {
    return this.either(async (redis) => void (await redis.del(this.prefix + key)), () => this.local.resetKey(key));
  }
}
