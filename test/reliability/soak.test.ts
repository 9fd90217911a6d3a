// Soak: three minutes of mixed load on the shipped server, as fast as the machine allows: no 5xx,
// no failed request, and resident memory at the end within 15% of its level after 30 seconds.
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treeRssMb } from '../../bench/processes.js';
import type { RunningServer } from '../support/servers.js';
import { api, startShippedOnSqlite } from '../support/shipped.js';

const SECONDS = 180;
let server: RunningServer;

beforeAll(async () => {
  server = await startShippedOnSqlite('soak');
});
afterAll(() => server?.stop());

describe('soak', () => {
  it(`stays correct and flat for ${SECONDS} s of mixed load`, async () => {
    const login = async (identifier: string) => (await api(server.baseUrl, 'POST', '/auth/login', { identifier, password: 'rahasia123' })).body.token as string;
    const john = { Authorization: `Bearer ${await login('john@example.com')}`, 'Content-Type': 'application/json' };
    const siti = { Authorization: `Bearer ${await login('siti@example.com')}`, 'Content-Type': 'application/json' };
    // Reads whose answers do not grow, and a write (tickets) by another customer.
    const requests = [
      { method: 'GET' as const, path: '/api/customer', headers: john },
      { method: 'GET' as const, path: '/api/invoice?status=all', headers: john },
      { method: 'GET' as const, path: '/api/help?status=closed&year=2020', headers: john },
      { method: 'GET' as const, path: '/api/notification?per_page=5', headers: john },
      { method: 'POST' as const, path: '/api/help', headers: siti, body: JSON.stringify({ help_type: 1, help_solution: 1, description: 'Soak test.' }) },
      { method: 'GET' as const, path: '/api/region' },
    ];
    let at30s = 0;
    const sample = setTimeout(() => (at30s = treeRssMb(server.pid)), 30_000);
    const result = await autocannon({ url: server.baseUrl, connections: 20, duration: SECONDS, requests });
    clearTimeout(sample);
    const atEnd = treeRssMb(server.pid);
    console.log(`soak: ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ` +
      `RSS ${at30s.toFixed(0)} MB at 30 s, ${atEnd.toFixed(0)} MB at the end, ${result.errors} errors, ${result.non2xx} non-2xx`);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result['5xx']).toBe(0);
    expect(result.requests.total).toBeGreaterThan(SECONDS * 100);
    expect(atEnd).toBeLessThanOrEqual(at30s * 1.15);
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  }, (SECONDS + 60) * 1000);
});
