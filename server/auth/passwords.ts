// Password hashing with bcrypt, in a worker thread: a hash costs tens of milliseconds of CPU, and
// on the main thread every other request would wait for it. bcrypt reads at most 72 bytes: longer
// passwords are refused (the spec says so) rather than silently cut.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptjs);
parentPort.on('message', async ({ id, op, password, hash, rounds }) => {
  try {
    const result = op === 'hash' ? await bcrypt.hash(password, rounds) : await bcrypt.compare(password, hash);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});`;

type Job = { resolve: (value: string | boolean) => void; reject: (error: Error) => void };

function bcryptWorker() {
  let worker: Worker | undefined;
  const jobs = new Map<number, Job>();
  let next = 0;
  const start = () => {
    const w = new Worker(WORKER, { eval: true, workerData: { bcryptjs: createRequire(import.meta.url).resolve('bcryptjs') } });
    w.unref(); // an idle hasher does not keep the process alive
    w.on('message', ({ id, result, error }: { id: number; result?: string | boolean; error?: string }) => {
      const job = jobs.get(id);
      jobs.delete(id);
      if (jobs.size === 0) w.unref();
      if (error !== undefined) job?.reject(new Error(error));
      else job?.resolve(result!);
    });
    w.on('error', (error) => {
      for (const job of jobs.values()) job.reject(error);
      jobs.clear();
      worker = undefined;
    });
    return w;
  };
  return (message: { op: 'hash' | 'compare'; password: string; hash?: string; rounds?: number }) =>
    new Promise<string | boolean>((resolve, reject) => {
      worker ??= start();
      worker.ref(); // keep the process until the answer arrives
      const id = next++;
      jobs.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
}

// Two hasher threads for the process (a login storm uses both cores), started on first use.
const hashers = [bcryptWorker(), bcryptWorker()];
let turn = 0;
const run: ReturnType<typeof bcryptWorker> = (message) => hashers[turn++ % hashers.length]!(message);

export function passwordHasher(rounds: number) {
  return {
    async hash(password: string): Promise<string> {
      if (Buffer.byteLength(password) > 72) throw AppError.invalidField('password', 'The password may not be greater than 72 bytes.');
      return (await run({ op: 'hash', password, rounds })) as string;
    },
    verify: async (password: string, hash: string): Promise<boolean> => (await run({ op: 'compare', password, hash })) as boolean,
  };
}

export type PasswordHasher = ReturnType<typeof passwordHasher>;

/** Laravel's `confirmed` rule. */
export function requireConfirmation(password: string, confirmation: string | undefined): void {
  if (password !== confirmation) throw AppError.invalidField('password', 'Konfirmasi password tidak sesuai.');
}
