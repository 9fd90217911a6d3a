// Crash safety: under a mixed write load (register, subscribe, tickets, payments) the shipped
// server is killed with SIGKILL at a random moment and started again on the same database; every
// write that was answered 2xx is there, and nothing is half-written. On SQLite and PostgreSQL.
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../server/demo/seed.js';
import { createPostgresDatabase, databaseKinds } from '../support/databases.js';
import { api, startShipped } from '../support/shipped.js';
import type { RunningServer } from '../support/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database of its own: a SQLite file, or a fresh PostgreSQL database. */
async function freshDatabase(kind: 'sqlite' | 'postgres'): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { url: `sqlite:${join(dir, `${randomBytes(4).toString('hex')}.sqlite`)}`, drop: async () => undefined };
  return createPostgresDatabase('crash');
}

interface Acknowledged {
  users: { email: string; password: string }[];
  customers: { email: string; password: string; noServices: string }[];
  tickets: { email: string; password: string; noTicket: string }[];
  payments: { invoice: number; referenceNo: string }[];
}

/** One client's writes, in a loop, until the server stops answering. */
async function writer(server: RunningServer, unpaid: number[], acknowledged: Acknowledged): Promise<void> {
  for (;;) {
    try {
      const email = `crash-${randomBytes(6).toString('hex')}@example.com`;
      const password = 'crash-pass-1';
      const registered = await api(server.baseUrl, 'POST', '/auth/register', { name: 'Crash Test', email, password, password_confirmation: password, phone: 81299990000, phonecode: 62 });
      if (registered.status !== 201) continue;
      acknowledged.users.push({ email, password });
      const auth = { Authorization: `Bearer ${registered.body.token}` };
      const subscribed = await api(server.baseUrl, 'POST', '/customer', { package_id: 2, company_id: 1, id_type_id: 1, id_number: '3201010101010055' }, auth);
      if (subscribed.status !== 201) continue;
      acknowledged.customers.push({ email, password, noServices: subscribed.body.customer.no_services });
      const ticket = await api(server.baseUrl, 'POST', '/help', { help_type: 1, help_solution: 1, description: 'Crash test ticket.' }, auth);
      if (ticket.status === 201) acknowledged.tickets.push({ email, password, noTicket: ticket.body.data.no_ticket });
      const invoice = unpaid.pop();
      if (invoice !== undefined) {
        const referenceNo = `CRASH-${randomBytes(4).toString('hex')}`;
        const paid = await api(server.baseUrl, 'POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: referenceNo }, { 'X-MYWIFI-KEY': DEMO_API_KEY });
        if (paid.status === 200) acknowledged.payments.push({ invoice, referenceNo });
      }
    } catch {
      return; // the server is gone
    }
  }
}

describe.each(await databaseKinds())('crash safety on %s', (kind) => {
  it('keeps every acknowledged write through a SIGKILL', async () => {
    const database = await freshDatabase(kind);
    const env = (port: number) => ({ PORT: String(port), DATABASE_URL: database.url, UPLOAD_DIR: join(dir, 'uploads'), JWT_SECRET: 'crash-secret-crash-secret-crash-secret-01' });
    let server = await startShipped(env);
    try {
      const key = { 'X-MYWIFI-KEY': DEMO_API_KEY };
      const invoices = (await api(server.baseUrl, 'GET', '/billing/unpaid?no_services=28900001', undefined, key)).body.data.map((i: { invoice: number }) => i.invoice) as number[];
      const acknowledged: Acknowledged = { users: [], customers: [], tickets: [], payments: [] };
      const writers = Array.from({ length: 6 }, () => writer(server, invoices, acknowledged));
      // Killed at a random moment once six subscriptions are acknowledged (a server that acknowledges
      // none fails by the test's timeout). A fixed 1.5-3.5 s left a loaded machine one registration
      // (a bcrypt hash each) and nothing to check.
      while (acknowledged.customers.length < 6) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, randomInt(0, 2000)));
      await server.crash();
      await Promise.all(writers);
      console.log(`crash safety (${kind}): killed after ${acknowledged.users.length} registrations, ${acknowledged.customers.length} subscriptions, ` +
        `${acknowledged.tickets.length} tickets and ${acknowledged.payments.length} payments were acknowledged; checking each after the restart`);

      server = await startShipped(env);
      for (const user of acknowledged.users) {
        const login = await api(server.baseUrl, 'POST', '/auth/login', { identifier: user.email, password: user.password });
        expect(login.status, `registered ${user.email}`).toBe(200);
        // Every account's customer record is whole or absent: never a customer without its service.
        const customer = await api(server.baseUrl, 'GET', '/customer', undefined, { Authorization: `Bearer ${login.body.token}` });
        expect([200, 404], customer.text).toContain(customer.status);
        const subscription = acknowledged.customers.find((c) => c.email === user.email);
        if (subscription) expect(customer.body.customer.no_services).toBe(subscription.noServices);
        for (const ticket of acknowledged.tickets.filter((t) => t.email === user.email)) {
          const timeline = await api(server.baseUrl, 'GET', `/help/timeline?no_ticket=${ticket.noTicket}`, undefined, { Authorization: `Bearer ${login.body.token}` });
          expect(timeline.status).toBe(200);
          expect(timeline.body.data).toHaveLength(1); // the ticket and its first step, together
        }
      }
      for (const payment of acknowledged.payments) {
        const detail = await api(server.baseUrl, 'GET', `/billing/detail?invoice=${payment.invoice}`, undefined, key);
        expect(detail.body.data[0]).toMatchObject({ status: 'SUDAH BAYAR', reference_no: payment.referenceNo });
      }
    } finally {
      await server.stop();
      await database.drop();
    }
  }, 120_000);
});
