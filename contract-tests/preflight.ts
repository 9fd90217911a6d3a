// Before any phase, the target is checked once: it answers at the base URL, the configured logins
// work, the API keys are what the config says they are. A problem stops the run with one message
// that says what to fix (the command exits 2), instead of a cascade of check failures that all have
// the same cause.
import type { SuiteConfig } from './config.js';
import { send, type ApiRequest, type Exchange } from './http.js';
import { excerpt } from './checks/types.js';

export class PreflightFailure extends Error {
  override name = 'PreflightFailure';
}

const seen = (exchange: Exchange) => `${exchange.response!.status} ${excerpt(exchange.response!.text, 160)}`;

export async function preflight(config: SuiteConfig): Promise<void> {
  const probe = (request: ApiRequest) => send(config, request);
  const regions = await probe({ method: 'GET', path: '/region' });
  if (regions.error) throw new PreflightFailure(`${config.baseUrl} does not answer (${regions.error}): is the server running, and is --base-url right?`);
  if (regions.response!.status === 404) {
    throw new PreflightFailure(`GET ${config.baseUrl}/region answered 404: --base-url must be where the API's paths begin (the reference server, the mock and production all end in /api, e.g. http://127.0.0.1:4010/api for npm run mock)`);
  }
  if (config.profile === 'mock') return; // a mock accepts any credentials: nothing to check

  const problems: string[] = [];
  for (const [label, customer] of [['customer', config.customer], ...(config.otherCustomers ?? []).map((c, i) => [`otherCustomers[${i}]`, c] as const)] as const) {
    if (!customer?.identifier || !customer.password) continue;
    const login = await probe({ method: 'POST', path: '/auth/login', body: { identifier: customer.identifier, password: customer.password } });
    const status = login.response?.status;
    if (status === 429) problems.push(`the login of ${label} (${customer.identifier}) is rate limited by the target: retry after ${login.response!.headers['retry-after'] ?? 'a while'} s`);
    else if (status !== 200) problems.push(`the login of ${label} (${customer.identifier}) is refused: ${login.error ?? seen(login)}; fix ${label}.identifier and ${label}.password`);
  }
  const billing = (key: string) => probe({
    method: 'GET', path: '/billing/unpaid', headers: { 'X-MYWIFI-KEY': key }, query: { no_services: config.customer?.noServices ?? 'PREFLIGHT0' },
  });
  // Only what the contract says: a refused key is a 400 or 403 in the billing envelope, whatever its
  // error_code (the reference names no code for it; IP_NOT_ALLOWED is the reference server's).
  if (config.apiKey) {
    const answer = await billing(config.apiKey);
    const status = answer.response?.status;
    if (status === 400 || status === 403) {
      problems.push(`the API key is refused (${seen(answer)}): fix --api-key (or JWI_API_KEY, or apiKey in the config), or allow this machine's address for it`);
    }
  }
  if (config.restrictedApiKey) {
    const answer = await billing(config.restrictedApiKey);
    if (answer.response?.status !== 403) {
      problems.push(`restrictedApiKey should be refused with 403 from here, but the target answered ${answer.error ?? seen(answer)}: give a key limited to addresses this machine does not have`);
    }
  }
  if (problems.length > 0) throw new PreflightFailure(problems.join('\n'));
}
