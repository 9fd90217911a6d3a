// Password hashing under a flood: the hasher threads take jobs oldest first, and a job whose
// client hung up while it waited is dropped instead of hashed for nobody.
import { connect } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASHER_THREADS, passwordHasher } from '../../../server/auth/passwords.js';
import { AbandonedRequest } from '../../../server/errors.js';
import { startApp, type TestApp } from '../../support/app.js';
import { DEMO, newUser } from '../../support/accounts.js';

describe('the hasher threads', () => {
  it('skip a job whose request is abandoned when its turn comes, and do the others', async () => {
    const hasher = passwordHasher(10);
    const hash = await hasher.hash('rahasia123');
    const gone = () => true;
    const waiting = () => false;
    const jobs = [waiting, gone, waiting, gone, waiting, waiting].map((abandoned) => hasher.verify('rahasia123', hash, abandoned));
    const outcomes = await Promise.allSettled(jobs);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).name))).toEqual(
      [true, 'AbandonedRequest', true, 'AbandonedRequest', true, true],
    );
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(AbandonedRequest);
  });

  it('hash and check a password after a job was skipped', async () => {
    const hasher = passwordHasher(4);
    await expect(hasher.verify('x', await hasher.hash('x'), () => true)).rejects.toBeInstanceOf(AbandonedRequest);
    expect(await hasher.verify('rahasia123', await hasher.hash('rahasia123'))).toBe(true);
    expect(await hasher.verify('salah', await hasher.hash('rahasia123'))).toBe(false);
  });
});

describe('a login whose client hangs up while it waits for a hasher', () => {
  let app: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    // Registrations hash at cost 14 (about two seconds each here): one per thread keeps them all busy.
    app = await startApp('sqlite', { logger }, { BCRYPT_ROUNDS: '14' });
  });
  afterAll(() => app?.close());

  it('is dropped without a hash or a server error, and the next login is answered', async () => {
    const busy = Array.from({ length: HASHER_THREADS }, () => app.post('/auth/register', newUser()));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the threads are busy now
    const body = JSON.stringify({ identifier: DEMO.email, password: DEMO.password });
    const { port } = new URL(app.baseUrl);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        setTimeout(() => socket.destroy(), 100); // the login waits behind the registrations
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    expect((await Promise.all(busy)).map((r) => r.status)).toEqual(busy.map(() => 201));
    const login = await app.post('/auth/login', { identifier: DEMO.email, password: DEMO.password });
    expect(login.status).toBe(200);
    const abandoned = lines.filter((line) => line.msg === 'request abandoned');
    expect(abandoned).toMatchObject([{ method: 'POST', url: '/api/auth/login' }]);
    expect(lines.filter((line) => line.msg === 'request failed')).toEqual([]);
  });
});
