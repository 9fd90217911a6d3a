// Password hashing with bcrypt, in a worker thread: a hash costs tens of milliseconds of CPU, and
// on the main thread every other request would wait for it. bcrypt reads at most 72 bytes: longer
// passwords are refused (the spec says so) rather than silently cut.
import { createRequire } from 'node:module';
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
 * otherwise keep both cores hashing for nobody, long after the flood. */
function hasherPool(size: number) {
  const queue: Job[] = [];
  const idle: (() => Worker)[] = [];
  const current = new Map<() => Worker, Job>();

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const job = queue.shift()!;
      if (job.abandoned?.()) {
        job.reject(new AbandonedRequest('its password was hashed'));
        continue;
      }
      const hasher = idle.pop()!;
      current.set(hasher, job);
      const worker = hasher();
      worker.ref(); // keep the process until the answer arrives
      worker.postMessage(job.message);
    }
  };

  const hasher = () => {
    let worker: Worker | undefined;
    const self = () => (worker ??= start());
    const done = (settle: (job: Job) => void) => {
      const job = current.get(self);
      if (!job) return; // an error of an idle thread: the next job starts a new one
      current.delete(self);
      worker?.unref(); // an idle hasher does not keep the process alive
      idle.push(self);
      settle(job);
      dispatch();
    };
    const start = () => {
      const w = new Worker(WORKER, {
        eval: true, workerData: { bcryptjs: createRequire(import.meta.url).resolve('bcryptjs') },
        // bcrypt needs a few kilobytes: V8's default heap sizes made each thread cost ~18 MB of resident memory.
        resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
      });
      w.on('message', ({ result, error }: { result?: string | boolean; error?: string }) =>
        done((job) => (error !== undefined ? job.reject(new Error(error)) : job.resolve(result!))));
      w.on('error', (error) => {
        worker = undefined; // the next job starts a new thread
        done((job) => job.reject(error));
      });
      return w;
    };
    return self;
  };
  for (let i = 0; i < size; i++) idle.push(hasher());

  return (message: Message, abandoned?: Abandoned) => new Promise<string | boolean>((resolve, reject) => {
    queue.push({ message, abandoned, resolve, reject });
    dispatch();
  });
}

// Two hasher threads for the process (a login storm uses both cores), started on first use.
const run = hasherPool(2);

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
