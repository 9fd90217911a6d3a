// The profile photo, the line status, and the abuse limits.
import { randomBytes } from 'node:crypto';
import { TINY_PNG } from '../../lib/spec/examples.js';
import { bodyOf, type RequestParts } from '../session.js';
import { writesFreely } from '../profiles.js';
import { registerAccount, registerCustomer } from '../world.js';
import { Flow, status, statusAnd, type Scenario } from './scenario.js';

export const profilePhoto: Scenario = {
  name: 'profile photo',
  skipReason: (session) => (session.config.profile === 'mock' ? 'a stateless mock stores no file' : undefined),
  async run(flow) {
    const account = await registerAccount(flow.session, 'photo');
    if (!account) return;
    const auth = Flow.bearer(account.token);
    const uploaded = await flow.step('upload a PNG', 'POST /customer/profile-photo', { headers: auth, multipart: { field: 'photo', filename: 'me.png', type: 'image/png', bytes: TINY_PNG } }, status(201));
    const url = bodyOf(uploaded)?.url as string | undefined;
    if (url) {
      const served = await fetch(url).catch(() => undefined);
      if (!served || served.status !== 200) flow.session.results.skip('scenarios', 'profile photo: served back', `GET ${url} answered ${served?.status ?? 'nothing'}`);
    }
    await flow.step('a file that is not an image is refused', 'POST /customer/profile-photo', {
      headers: auth, multipart: { field: 'photo', filename: 'note.png', type: 'image/png', bytes: new Uint8Array(Buffer.from('not an image at all')) },
    }, statusAnd(422, 'a photo error', (b) => Boolean(b.errors?.photo)));
  },
};

export const networkStatus: Scenario = {
  name: 'network status',
  skipReason: (session) => (session.config.profile === 'mock' ? 'a stateless mock has no router' : undefined),
  async run(flow) {
    const { config, world } = flow.session;
    if (world.customer) {
      await flow.step('a new customer\'s line', 'GET /customer/network-status', { headers: Flow.bearer(world.customer.token), query: { no_services: world.customer.noServices } });
    }
    const customers = [config.customer, ...(config.otherCustomers ?? [])].filter((c) => c?.identifier && c.password);
    if (customers.length === 0) {
      flow.session.results.skip('scenarios', 'network status of a configured customer', 'configure customer.identifier and customer.password');
    }
    for (const customer of customers) {
      const token = bodyOf(await flow.step(`log in as ${customer!.noServices}`, 'POST /auth/login', { body: { identifier: customer!.identifier, password: customer!.password } }, status(200)))?.token;
      if (token) await flow.step(`the line of ${customer!.noServices}`, 'GET /customer/network-status', { headers: Flow.bearer(token), query: { no_services: customer!.noServices } });
    }
  },
};

/** Repeats a refused request until the target answers 429 (or gives up: its limit may be higher);
 * whether it did. */
async function untilLimited(flow: Flow, what: string, key: string, request: () => RequestParts, attempts: number): Promise<boolean> {
  for (let i = 1; i <= attempts; i++) {
    const exchange = await flow.stepToLimit(`${what} #${i}`, key, request());
    if (exchange.response?.status === 429) {
      await flow.stepToLimit(`${what}: still limited`, key, request(), statusAnd(429, 'a Retry-After', () => true));
      return true;
    }
  }
  flow.session.results.skip('scenarios', `rate limit of ${key}`, `no 429 after ${attempts} attempts: the target's limit is higher`);
  return false;
}

export const rateLimits: Scenario = {
  name: 'rate limits',
  skipReason: (session) => (writesFreely(session.config.profile) ? undefined : 'it locks accounts for a while: reference and staging profiles only'),
  async run(flow) {
    const identifier = `limited-${randomBytes(5).toString('hex')}@example.com`;
    await untilLimited(flow, 'a wrong login', 'POST /auth/login', () => ({ body: { identifier, password: 'wrong-password' } }), 40);
    const account = await registerCustomer(flow.session, 'limits');
    if (!account) return;
    const { noServices, email } = account;
    const auth = Flow.bearer(account.token);
    await untilLimited(flow, 'an OTP request', 'POST /auth/forgot-password', () => ({ body: { no_services: noServices } }), 20);
    await untilLimited(flow, 'a wrong OTP', 'POST /auth/verify-otp', () => ({ body: { no_services: noServices, otp: '000000' } }), 40);
    await untilLimited(flow, 'a reset with a wrong OTP', 'POST /auth/reset-password',
      () => ({ body: { no_services: noServices, otp: '000000', password: 'guessing-1', password_confirmation: 'guessing-1' } }), 40);
    await untilLimited(flow, 'a registration with a taken email', 'POST /auth/register',
      () => ({ body: { name: 'Contract Limits', email, password: 'limits-pass-1', password_confirmation: 'limits-pass-1', phone: 81200000001, phonecode: 62 } }), 40);
    await untilLimited(flow, 'a change with a wrong current password', 'POST /auth/change-password',
      () => ({ headers: auth, body: { current_password: 'not-the-password', password: 'limits-pass-2', password_confirmation: 'limits-pass-2' } }), 40);
    await untilLimited(flow, 'an upload that is not an image', 'POST /customer/profile-photo',
      () => ({ headers: auth, multipart: { field: 'photo', filename: 'note.png', type: 'image/png', bytes: new Uint8Array(Buffer.from('not an image at all')) } }), 40);
    // Every answer says whether an address is taken: every request counts.
    await untilLimited(flow, 'an email change', 'PUT /customer/email', () => ({ headers: auth, body: { email } }), 40);
    // Refused requests count as well: no ticket is opened, no push sent.
    await untilLimited(flow, 'a ticket of an unknown help type', 'POST /help', () => ({ headers: auth, body: { help_type: 999999, help_solution: 1, description: 'Contract limits' } }), 120);
    await untilLimited(flow, 'a test push without a device', 'POST /notification/test', () => ({ headers: auth, body: { title: 'Contract limits' } }), 120);
    await spendPartnerKey(flow, noServices);
  },
};

/** The partner key's budget, one for all API-key operations: spent with lookups; then each of them
 * answers 429 RATE_LIMITED (the limit comes before the body: nothing is paid or pushed). */
async function spendPartnerKey(flow: Flow, noServices: string): Promise<void> {
  const { config } = flow.session;
  if (!config.apiKey) {
    flow.session.results.skip('scenarios', 'rate limit of the API key', 'configure apiKey');
    return;
  }
  const headers = { 'X-MYWIFI-KEY': config.apiKey };
  const limited = statusAnd(429, 'error_code RATE_LIMITED', (b) => b.error_code === 'RATE_LIMITED');
  const reached = await untilLimited(flow, 'a billing lookup', 'GET /billing/unpaid', () => ({ headers, query: { no_services: noServices } }), 1000);
  if (!reached) return;
  await flow.stepToLimit('billing detail with the spent key', 'GET /billing/detail', { headers, query: { no_services: noServices } }, limited);
  await flow.stepToLimit('a payment with the spent key', 'POST /billing/mark-as-paid', { headers, body: { invoice: '999999999', no_services: noServices, reference_no: 'LIMITED' } }, limited);
  await flow.stepToLimit('a test push with the spent key', 'POST /notification/test-push', { headers, body: { no_services: noServices } }, limited);
  await flow.stepToLimit('a push with the spent key', 'POST /notification/push', { headers, body: { title: 'Limited', body: 'Limited', no_services: noServices } }, limited);
}
