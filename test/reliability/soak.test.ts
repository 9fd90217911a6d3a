// Soak: three minutes of mixed load on the shipped server, as fast as the machine allows: no 5xx,
// no failed request, every read answered the same throughout, every acknowledged ticket stored
// whole and for the customer who opened it, and resident memory flat: sampled every 10 seconds after
// the first 30 (warm-up), its trend (a least-squares line through the samples) grows by at most
// 8 MB over the run, so that a leak of 20 MB over the run fails where comparing two points, one of
// them a momentary peak, let it pass. The request rate is reported, not asserted: speed is the
// benchmark's business.
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treeRssMb, type RunningServer } from '../../lib/processes.js';
import { openDatabase } from '../../server/db/database.js';
import { GENEROUS_RATE_LIMITS } from '../support/app.js';
import { api, startShippedOnSqlite } from '../support/shipped.js';

const SECONDS = 180;
const CONNECTIONS = 20;
const WARM_UP_SECONDS = 30;
const SAMPLE_EVERY_SECONDS = 10;
const MAX_GROWTH_MB = 8;

/** How much the least-squares line through the samples rises from the first sample's time to the last's. */
export function trendGrowthMb(samples: { seconds: number; mb: number }[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanT = samples.reduce((sum, s) => sum + s.seconds, 0) / n;
  const meanM = samples.reduce((sum, s) => sum + s.mb, 0) / n;
  const covariance = samples.reduce((sum, s) => sum + (s.seconds - meanT) * (s.mb - meanM), 0);
  const variance = samples.reduce((sum, s) => sum + (s.seconds - meanT) ** 2, 0);
  return (covariance / variance) * (samples[n - 1]!.seconds - samples[0]!.seconds);
}
let server: RunningServer & { databaseUrl: string };

beforeAll(async () => {
  // One load generator is one client, and Siti opens tickets as fast as it goes: no rate limit bites.
  server = await startShippedOnSqlite('soak', { env: GENEROUS_RATE_LIMITS });
});
afterAll(() => server?.stop());

/** The rows the server stored: the tickets of a customer, each with the number of its timeline steps. */
async function storedTickets(noServices: string): Promise<{ no_ticket: string; steps: number }[]> {
  const database = openDatabase(server.databaseUrl);
  try {
    return await database.db.selectFrom('tickets')
      .innerJoin('customers', 'customers.id', 'tickets.customer_id')
      .leftJoin('ticket_events', 'ticket_events.ticket_id', 'tickets.id')
      .select((eb) => ['tickets.no_ticket', eb.fn.count<number>('ticket_events.id').as('steps')])
      .where('customers.no_services', '=', noServices)
      .groupBy('tickets.no_ticket')
      .orderBy('tickets.no_ticket')
      .execute();
  } finally {
    await database.close();
  }
}

describe('soak', () => {
  it(`stays correct and flat for ${SECONDS} s of mixed load`, async () => {
    const login = async (identifier: string) => (await api(server.baseUrl, 'POST', '/auth/login', { identifier, password: 'rahasia123' })).body.token as string;
    const john = { Authorization: `Bearer ${await login('john@example.com')}`, 'Content-Type': 'application/json' };
    const siti = { Authorization: `Bearer ${await login('siti@example.com')}`, 'Content-Type': 'application/json' };
    const johnsTickets = await storedTickets('ISP00123');

    // Reads whose answers do not change: each must answer what it answered first, every time.
    const reads = [
      { method: 'GET' as const, path: '/api/customer', headers: john },
      { method: 'GET' as const, path: '/api/invoice?status=all', headers: john },
      { method: 'GET' as const, path: '/api/help?status=closed&year=2020', headers: john },
      { method: 'GET' as const, path: '/api/notification?per_page=5', headers: john },
      { method: 'GET' as const, path: '/api/region' },
    ];
    const firstBody = new Map<string, string>();
    const changed = new Map<string, number>();
    const readChecks = reads.map((read) => ({
      ...read,
      onResponse: (status: number, body: string) => {
        if (status !== 200) return; // counted by autocannon as non-2xx
        const first = firstBody.get(read.path);
        if (first === undefined) firstBody.set(read.path, body);
        else if (body !== first) changed.set(read.path, (changed.get(read.path) ?? 0) + 1);
      },
    }));
    // A write by another customer: every 201 is a ticket that must be stored.
    const opened: string[] = [];
    const write = {
      method: 'POST' as const, path: '/api/help', headers: siti, body: JSON.stringify({ help_type: 1, help_solution: 1, description: 'Soak test.' }),
      onResponse: (status: number, body: string) => {
        if (status === 201) opened.push((JSON.parse(body) as { data: { no_ticket: string } }).data.no_ticket);
      },
    };

    const samples: { seconds: number; mb: number }[] = [];
    const started = Date.now();
    const sampling = setInterval(() => {
      const seconds = (Date.now() - started) / 1000;
      if (seconds >= WARM_UP_SECONDS) samples.push({ seconds, mb: treeRssMb(server.pid) });
    }, SAMPLE_EVERY_SECONDS * 1000);
    const result = await autocannon({ url: server.baseUrl, connections: CONNECTIONS, duration: SECONDS, requests: [...readChecks.slice(0, 4), write, readChecks[4]!] });
    clearInterval(sampling);
    const growth = trendGrowthMb(samples);
    console.log(`soak: ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ` +
      `${opened.length} tickets opened, ${result.errors} errors, ${result.non2xx} non-2xx; RSS (MB) every ${SAMPLE_EVERY_SECONDS} s from ${WARM_UP_SECONDS} s: ` +
      `${samples.map((s) => s.mb.toFixed(0)).join(' ')}; trend ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB over the samples`);

    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result['5xx']).toBe(0);
    expect(Object.fromEntries(changed)).toEqual({});
    expect(firstBody.size).toBe(reads.length);
    // Every acknowledged ticket is Siti's, with its first timeline step; John's are as they were. The
    // run ends at its deadline without waiting for the answers in flight: those tickets (at most one
    // per connection) may be stored too, unacknowledged.
    expect(opened.length).toBeGreaterThan(0);
    const stored = await storedTickets('28900001');
    const storedNumbers = new Set(stored.map((t) => t.no_ticket));
    expect(opened.filter((number) => !storedNumbers.has(number))).toEqual([]);
    expect(stored.length - opened.length).toBeLessThanOrEqual(CONNECTIONS);
    expect(stored.filter((t) => Number(t.steps) !== 1)).toEqual([]);
    expect(await storedTickets('ISP00123')).toEqual(johnsTickets);
    expect(samples.length).toBeGreaterThanOrEqual(10);
    expect(growth).toBeLessThanOrEqual(MAX_GROWTH_MB);
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  }, (SECONDS + 60) * 1000);
});
