// Device tokens registered, updated and deactivated (idempotently); sending to them, as the user
// and through the API-key operations. The reference shows no body for the device-token answers nor
// for a test push: what those bodies carry is the reference server's own (checked in its tier).
import { randomBytes } from 'node:crypto';
import { expectation } from '../checks/expectations.js';
import { bodyOf } from '../session.js';
import { writesFreely } from '../profiles.js';
import { registerAccount } from '../world.js';
import { Flow, status, statusAnd, type Scenario } from './scenario.js';

export const deviceTokens: Scenario = {
  name: 'device tokens',
  skipReason: (session) => (session.config.profile === 'mock' ? 'a stateless mock keeps no tokens' : undefined),
  async run(flow) {
    const account = await registerAccount(flow.session, 'devices');
    if (!account) return;
    const auth = Flow.bearer(account.token);
    const token = `contract-${randomBytes(12).toString('hex')}`;
    // Test pushes notify: the production profile sends none, not even to a throwaway account.
    const pushes = writesFreely(flow.session.config.profile);
    if (pushes) await flow.step('no token yet: the test push has no target', 'POST /notification/test', { headers: auth, body: {} }, status(404));
    const saved = await flow.step('register a device token', 'POST /notification/token', { headers: auth, body: { token, platform: 'android', device_name: 'Contract Phone', app_version: '1.0.0' } },
      status(200), statusAnd(200, 'an active token', (b) => b.data.is_active === true, 'stateful_behaviour', 'reference'));
    await flow.step('register it again: its device is updated', 'POST /notification/token', { headers: auth, body: { token, platform: 'android', device_name: 'Contract Phone 2' } },
      status(200), statusAnd(200, 'the same token, renamed', (b) => b.data.id === bodyOf(saved)?.data?.id && b.data.device_name === 'Contract Phone 2', 'stateful_behaviour', 'reference'));
    if (pushes) {
      await flow.step('send a test push to it', 'POST /notification/test', { headers: auth, body: { title: 'Contract', body: 'Test' } },
        status(200), statusAnd(200, 'one target', (b) => b.summary.target === 1, 'stateful_behaviour', 'reference'));
      await flow.step('the push is listed', 'GET /notification', { headers: auth }, statusAnd(200, 'one notification', (b) => b.data.length >= 1, 'ensure_resource_availability'));
    }
    await flow.step('deactivate it', 'DELETE /notification/token', { headers: auth, body: { token } }, status(200));
    await flow.step('deactivate it again (idempotent)', 'DELETE /notification/token', { headers: auth, body: { token } }, status(200));
    if (pushes) await flow.step('no active token: no target', 'POST /notification/test', { headers: auth, body: {} }, status(404));
  },
};

export const partnerPush: Scenario = {
  name: 'partner push',
  skipReason: (session) => {
    if (!session.config.apiKey) return 'configure apiKey';
    return writesFreely(session.config.profile) ? undefined : 'it sends pushes: reference and staging profiles only';
  },
  async run(flow) {
    const { world } = flow.session;
    if (!world.customer) return;
    const key = { 'X-MYWIFI-KEY': flow.session.config.apiKey! };
    const noServices = world.customer.noServices;
    await flow.step('no target token yet', 'POST /notification/test-push', { headers: key, body: { no_services: noServices } }, status(404));
    const token = `contract-${randomBytes(12).toString('hex')}`;
    await flow.step('the customer registers a device', 'POST /notification/token', { headers: Flow.bearer(world.customer.token), body: { token } }, status(200));
    await flow.step('a dry run finds it and sends nothing', 'POST /notification/test-push', { headers: key, body: { no_services: noServices, title: 'Tes' } },
      statusAnd(200, 'a dry run with one token', (b) => b.dry_run === true && b.resolved.matched_tokens === 1));
    await flow.step('a real test push', 'POST /notification/test-push', { headers: key, body: { email: world.customer.email, dry_run: false } },
      statusAnd(200, 'sent to one token', (b) => b.dry_run === false && b.summary.target === 1));
    await flow.step('a push by number', 'POST /notification/push', { headers: key, body: { no_services: noServices, title: 'Pembayaran', body: 'Terima kasih' } }, status(200));
    // 422 is the reference server's answer (push-target); another implementation may answer 404 not_found.
    await flow.step('a push without a target is refused', 'POST /notification/push', { headers: key, body: { title: 'T', body: 'B' } },
      expectation('stateful_behaviour', 'status 422 or 404', (s) => s === 422 || s === 404), status(422, 'stateful_behaviour', 'reference'));
  },
};
