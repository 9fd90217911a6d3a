// Password hashing with bcrypt, in a worker thread: a hash costs tens of milliseconds of CPU, and
// on the main thread every other request would wait for it. bcrypt reads at most 72 bytes: longer
// passwords are refused (the spec says so) rather than silently cut.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AbandonedRequest, AppError } from '../errors.js';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptjs);
parentPort.on('message', async ({ op, password, hash, rounds }) => {
  try {
    const result = op === 'hash' ? await bcrypt.hash(password, rounds) : await bcrypt.compare(password, hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});`;

type Message = { op: 'hash' | 'compare'; password: string; hash?: string; rounds?: number };

/** True once nobody waits for the answer any more (the client hung up). */
export type Abandoned = () => boolean;

interface Job { message: Message; abandoned?: Abandoned; resolve: (value: string | boolean) => void; reject: (error: Error) => void }

/** Hasher threads taking jobs from one queue, oldest first, one job each at a time. A job whose
 * request was abandoned while it waited is dropped: a flood of logins whose clients give up would
 * otherwise keep the threads hashing for nobody, long after the flood. */
function hasherPool(size: number) {
  /** A thread (started on its first job) and the job it is doing, if any. */
  interface Hasher { worker?: Worker; job?: Job }
  const queue: Job[] = [];
  const idle: Hasher[] = Array.from({ length: size }, () => ({}));

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const job = queue.shift()!;
      if (job.abandoned?.()) {
        job.reject(new AbandonedRequest('its password was hashed'));
        continue;
      }
      const hasher = idle.pop()!;
      hasher.job = job;
      hasher.worker ??= start(hasher);
      hasher.worker.ref(); // keep the process until the answer arrives
      hasher.worker.postMessage(job.message);
    }
  };

  const done = (hasher: Hasher, settle: (job: Job) => void) => {
    const { job } = hasher;
    if (!job) return; // an error of an idle thread: the next job starts a new one
    hasher.job = undefined;
    hasher.worker?.unref(); // an idle hasher does not keep the process alive
    idle.push(hasher);
    settle(job);
    dispatch();
  };

  const start = (hasher: Hasher) => {
    const worker = new Worker(WORKER, {
      eval: true, workerData: { bcryptjs: createRequire(import.meta.url).resolve('bcryptjs') },
      // bcrypt needs a few kilobytes: heaps this small keep each thread's resident memory within the
      // server's memory budget (docs/performance.md, "Memory").
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
    });
    worker.on('message', ({ result, error }: { result?: string | boolean; error?: string }) =>
      done(hasher, (job) => (error !== undefined ? job.reject(new Error(error)) : job.resolve(result!))));
    worker.on('error', (error) => {
      hasher.worker = undefined; // the next job starts a new thread
      done(hasher, (job) => job.reject(error));
    });
    return worker;
  };

  return (message: Message, abandoned?: Abandoned) => new Promise<string | boolean>((resolve, reject) => {
    queue.push({ message, abandoned, resolve, reject });
    dispatch();
  });
}

// A hasher thread per core but one, started on first use: the event loop keeps a core of its own,
// so that a storm of logins does not slow every other request down, and each thread's resident
// memory counts against the server's budget (docs/performance.md, "Memory").
export const HASHER_THREADS = Math.max(1, availableParallelism() - 1);
const run = hasherPool(HASHER_THREADS);

export function passwordHasher(rounds: number) {
  return {
    /** `abandoned`: the request it is for, which skips the hash once nobody waits for it. */
    async hash(password: string, abandoned?: Abandoned): Promise<string> {
      if (Buffer.byteLength(password) > 72) throw AppError.invalidField('password', 'The password may not be greater than 72 bytes.');
      return (await run({ op: 'hash', password, rounds }, abandoned)) as string;
    },
    verify: async (password: string, hash: string, abandoned?: Abandoned): Promise<boolean> =>
      (await run({ op: 'compare', password, hash }, abandoned)) as boolean,
  };
}

export type PasswordHasher = ReturnType<typeof passwordHasher>;

/** Laravel's `confirmed` rule. */
export function requireConfirmation(password: string, confirmation: string | undefined): void {
  if (password !== confirmation) throw AppError.invalidField('password', 'Konfirmasi password tidak sesuai.');
}
