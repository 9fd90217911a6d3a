// The reference server as a target for the contract suite: in-process on SQLite, with a fake
// router that has the demo customer online, a restricted key, and limits the scenarios can reach.
import { writeFileSync } from 'node:fs';
import type { SuiteConfig } from '../../contract-tests/config.js';
import { DEFAULTS } from '../../contract-tests/config.js';
import { DEMO_API_KEY, DEMO_LOGINS } from '../../server/demo/constants.js';
import { apiKeyRepository } from '../../server/keys/repository.js';
import { apiKeyService } from '../../server/keys/service.js';
import { startFakeRouter, type FakeRouter } from '../fakes/routeros.js';
import { GENEROUS_RATE_LIMITS, startApp, type TestApp } from '../support/app.js';

export const JWT_SECRET = 'contract-suite-test-secret-0123456789abcdef';

export interface ReferenceTarget {
  app: TestApp;
  router: FakeRouter;
  config: SuiteConfig;
  close(): Promise<void>;
}

export async function startReferenceTarget(overrides: Partial<SuiteConfig> = {}, env: Record<string, string> = {}): Promise<ReferenceTarget> {
  const app = await startApp('sqlite', {}, {
    ...GENEROUS_RATE_LIMITS, JWT_SECRET, RATE_LIMIT_LOGIN: '100000,5,900', RATE_LIMIT_FORGOT_PASSWORD: '100000,3,900', RATE_LIMIT_VERIFY_OTP: '100000,5,900',
    // Per account as low as the phases before the rate limits allow: the shared customer sends a
    // dozen malformed uploads and password changes, and must not be limited before the end.
    RATE_LIMIT_RESET_PASSWORD: '100000,3,900', RATE_LIMIT_REGISTER: '100000,3,900', RATE_LIMIT_CHANGE_PASSWORD: '100000,20,900', RATE_LIMIT_PROFILE_PHOTO: '100000,20,900',
    RATE_LIMIT_CHANGE_EMAIL: '100000,20,900', RATE_LIMIT_CREATE_TICKET: '100000,100,900', RATE_LIMIT_TEST_NOTIFICATION: '100000,100,900',
    // The partner key's budget in a short window: a phase that spends it waits a few seconds (Retry-After), and the limits phase reaches it.
    RATE_LIMIT_API_KEY: '200/5',
    ...env,
  });
  const router = await startFakeRouter();
  router.secrets.set('john_pppoe', { profile: 'REG50M' });
  router.active.set('john_pppoe', { address: '10.10.10.2', uptime: '3h4m5s' });
  await app.ctx.db.updateTable('routers').set({ port: router.port, username: router.username, password: router.password }).where('id', '=', 1).execute();
  const restricted = await apiKeyService(apiKeyRepository(app.ctx.db), app.clock).create('elsewhere only', '198.51.100.0/24');
  const config: SuiteConfig = {
    ...DEFAULTS,
    baseUrl: `${app.baseUrl}/api`,
    apiKey: DEMO_API_KEY,
    restrictedApiKey: restricted.key,
    customer: DEMO_LOGINS[0]!,
    otherCustomers: DEMO_LOGINS.slice(1),
    otpEcho: true,
    jwtSecret: JWT_SECRET,
    examples: 10,
    limitedRequests: 1000, // the limits here are far away: every boundary of the rate-limited operations too
    failOnUncovered: true,
    expectUncovered: {
      '* 500': 'an internal failure cannot be caused from outside',
      'POST /auth/forgot-password 502': 'the demo OTP sender (the log) does not fail',
      'GET /customer/network-status 503': 'the fake router answers',
    },
    ...overrides,
  };
  return {
    app, router, config,
    async close() {
      await app.close();
      await router.close();
    },
  };
}

/** The target's suite settings, less its base URL (given on the command line), as a `--config` file. */
export function writeConfigFile(target: ReferenceTarget, file: string): string {
  const { baseUrl: _, ...config } = target.config;
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
