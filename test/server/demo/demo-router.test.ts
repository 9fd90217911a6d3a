// The demo's router RT-01 as the shipped server runs it: each process answers the demo customers'
// line status from a simulator of its own, and never points the shared routers row at it. A second
// `npm start` whose port is taken, or a second process on one database (README: PostgreSQL) that
// stops, leaves the others answering; a row changed by hand is asked as it is.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/database.js';
import { migrateUpTo } from '../../../server/db/migrate.js';
import { DEMO_ROUTER } from '../../../server/demo/demo-router.js';
import { seedDemo } from '../../../server/demo/seed.js';
import { DEMO_PASSWORD } from '../../../server/demo/constants.js';
import { systemClock } from '../../../server/shared/clock.js';
import { databaseKinds, freshDatabase, type DatabaseKind } from '../../support/databases.js';
import { startFakeRouter } from '../../fakes/routeros.js';
import { type RunningServer } from '../../../lib/processes.js';
import { api, startShipped } from '../../support/shipped.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-demo-router-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const newDatabase = (kind: DatabaseKind, label: string) => freshDatabase(kind, dir, label);

const serverOn = (url: string, port?: number) => startShipped((free) => ({
  PORT: String(port ?? free), DATABASE_URL: url, UPLOAD_DIR: join(dir, 'uploads'), JWT_SECRET: 'demo-router-secret-demo-router-secret-01',
}));

/** John's line status through `server`: its HTTP status and connection. */
async function johnsLine(server: RunningServer) {
  const { token } = (await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'ISP00123', password: DEMO_PASSWORD })).body;
  const response = await api(server.baseUrl, 'GET', '/customer/network-status?no_services=ISP00123', undefined, { Authorization: `Bearer ${token}` });
  return { status: response.status, connection: response.body?.data?.connection };
}

async function routersRow(url: string) {
  const database = openDatabase(url);
  try {
    return await database.db.selectFrom('routers').select(['alias', 'host', 'port', 'username', 'password']).where('alias', '=', 'RT-01').executeTakeFirstOrThrow();
  } finally {
    await database.close();
  }
}

const kinds = await databaseKinds();

describe.each(kinds)('the demo router on %s', (kind) => {
  it('keeps answering after a second server on the same data exits because its port is taken', async () => {
    const database = await newDatabase(kind, 'taken');
    const first = await serverOn(database.url);
    try {
      expect((await johnsLine(first)).status).toBe(200);
      const port = Number(new URL(first.baseUrl).port);
      await expect(serverOn(database.url, port)).rejects.toThrow(/exited with 1[\s\S]*the port is in use/);
      expect(await johnsLine(first)).toMatchObject({ status: 200, connection: { status: 'online', ip_address: '10.10.10.2' } });
    } finally {
      await first.stop();
      await database.drop();
    }
  }, 90_000);

  it('answers through each of two servers on one database, and through the first after the second stops', async () => {
    const database = await newDatabase(kind, 'two');
    const first = await serverOn(database.url);
    try {
      const second = await serverOn(database.url);
      expect((await johnsLine(first)).status).toBe(200);
      expect((await johnsLine(second)).status).toBe(200);
      expect(await second.stop()).toBe(0);
      expect((await johnsLine(first)).status).toBe(200);
      // The shared row is as it was seeded: no process wrote the address of its simulator into it.
      expect(await routersRow(database.url)).toEqual(DEMO_ROUTER);
    } finally {
      await first.stop();
      await database.drop();
    }
  }, 90_000);

  it('asks a router row changed by hand as it is (here another RouterOS device)', async () => {
    const database = await newDatabase(kind, 'real');
    const device = await startFakeRouter({ username: 'noc', password: 'noc-secret' });
    device.secrets.set('john_pppoe', { profile: 'REG50M' });
    device.active.set('john_pppoe', { address: '10.99.0.7', uptime: '1d' });
    const server = await serverOn(database.url);
    try {
      const edit = openDatabase(database.url);
      await edit.db.updateTable('routers').set({ host: device.host, port: device.port, username: 'noc', password: 'noc-secret' }).where('alias', '=', 'RT-01').execute();
      await edit.close();
      expect(await johnsLine(server)).toMatchObject({ status: 200, connection: { status: 'online', ip_address: '10.99.0.7' } });
      expect(device.commands.some(([command]) => command === '/ppp/active/print')).toBe(true);
    } finally {
      await server.stop();
      await device.close();
      await database.drop();
    }
  }, 90_000);
});

describe('a database whose demo router an earlier server pointed at its own simulator', () => {
  it('answers the demo line status again after the upgrade', async () => {
    const url = `sqlite:${join(dir, 'earlier.sqlite')}`;
    const database = openDatabase(url);
    try {
      // As an earlier server left it: migrated up to 0006, seeded, RT-01 at the port of a simulator long gone.
      await migrateUpTo(database, '0006_invoice_sequences');
      await seedDemo(database, systemClock);
      await database.db.updateTable('routers').set({ port: 45_678 }).where('alias', '=', 'RT-01').execute();
    } finally {
      await database.close();
    }
    const server = await serverOn(url);
    try {
      expect((await johnsLine(server)).status).toBe(200);
      expect(await routersRow(url)).toEqual(DEMO_ROUTER);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
