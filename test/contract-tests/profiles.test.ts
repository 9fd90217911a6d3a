// The production profile is read-mostly: against a target where anything would be accepted, it sends
// nothing that pays, notifies, subscribes or sends an OTP. Every request it sends is recorded by a
// proxy in front of a reference server, and the operations it reached are listed.
import { expect, it } from 'vitest';
import { runSuite } from '../../contract-tests/runner.js';
import { startAlteringProxy, type ProxiedExchange } from '../fakes/altering-proxy.js';
import { startReferenceTarget } from './target.js';

const FORBIDDEN = [
  'POST /api/billing/mark-as-paid', 'POST /api/notification/push', 'POST /api/notification/test-push', 'POST /api/notification/test',
  'POST /api/customer', 'POST /api/auth/forgot-password', 'POST /api/auth/verify-otp', 'POST /api/auth/reset-password',
];

it('the production profile sends nothing that pays, notifies, subscribes or sends an OTP', async () => {
  const target = await startReferenceTarget();
  const sent: ProxiedExchange[] = [];
  const proxy = await startAlteringProxy(target.app.baseUrl, { request: (exchange) => void sent.push(exchange) });
  try {
    const outcome = await runSuite({ ...target.config, baseUrl: `${proxy.url}/api`, profile: 'production', examples: 5, failOnUncovered: false });
    const reached = [...new Set(sent.map((e) => `${e.method} ${decodeURIComponent(e.path)}`))].sort();
    console.log(`production profile: ${sent.length} requests to ${reached.length} method and path pairs; writes: ${reached.filter((r) => !r.startsWith('GET') && /^\S+ \/api\/[a-z-]+(\/[a-z-]+)?$/.test(r)).join(', ')}`);
    for (const forbidden of FORBIDDEN) expect(reached, forbidden).not.toContain(forbidden);
    // It still checked what it may: reads, its own throwaway accounts, the credentials of reads.
    expect(reached).toContain('GET /api/billing/unpaid');
    expect(reached).toContain('POST /api/auth/register');
    expect(outcome.results.failures).toEqual([]);
    const invoices = await target.app.ctx.db.selectFrom('invoices').select('status').where('reference_no', 'like', 'CONTRACT-%').execute();
    expect(invoices).toEqual([]);
  } finally {
    await proxy.close();
    await target.close();
  }
}, 180_000);
