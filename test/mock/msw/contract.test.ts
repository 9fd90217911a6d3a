// The MSW handlers checked against the contract by the conformance suite's own response checks
// (contract-tests/checks), the same checks a server gets: every example of every documented outcome
// of every operation, chosen with outcome(), and the answer to a request without credentials. Then
// the suite's mock profile, run whole against the handlers (examples, Prefer outcomes, boundaries,
// credentials, fuzzing), must pass with every documented outcome exercised: a handler can never
// answer what the spec does not allow. The suite's requests go over node:http, which msw/node
// intercepts as it does fetch.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type SuiteConfig } from '../../../contract-tests/config.js';
import { readContractModel, type Operation } from '../../../contract-tests/contract.js';
import { exampleRequests } from '../../../contract-tests/generators/examples.js';
import { send, type ApiRequest } from '../../../contract-tests/http.js';
import { Results } from '../../../contract-tests/results.js';
import { runSuite } from '../../../contract-tests/runner.js';
import { createJwiMocks, type Operation as OperationKey } from '../../../generated/msw.js';
import { listResponseExamples } from '../../support/examples.js';

const API = 'http://jwi.handlers/api';
const contract = readContractModel();
const config: SuiteConfig = { ...DEFAULTS, baseUrl: API, profile: 'mock' };
const jwi = createJwiMocks({ baseUrl: API });
const server = setupServer(...jwi.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The operation's first example request, with credentials unless `anonymous`. */
function requestFor(op: Operation, anonymous = false): ApiRequest {
  const headers: Record<string, string> = {};
  if (!anonymous && op.security === 'bearer') headers.Authorization = 'Bearer any-token';
  if (!anonymous && op.security === 'apiKey') headers['X-MYWIFI-KEY'] = 'any-key';
  const [first] = exampleRequests(contract, op);
  return { ...first!.request, headers, method: op.method, path: op.path };
}

/** The suite's response checks on one exchange; a 5xx the test asked for is no server error, as in the suite's mock profile. */
async function checked(op: Operation, request: ApiRequest) {
  const exchange = await send(config, request);
  const outcomes = new Results(contract, config).evaluate(op, exchange, [], { requestedOutcome: true });
  return { exchange, outcomes, failed: outcomes.filter((o) => !o.ok) };
}

const byKey = new Map(contract.operations.map((op) => [op.key, op]));
const outcomes = listResponseExamples(contract.spec).map((e) => [`${e.op.method} ${e.op.path}`, Number(e.status), e.name, e.value] as const);

describe('every example of every documented outcome, through the suite\'s response checks', () => {
  it('covers all 35 operations', () => {
    expect(new Set(outcomes.map(([key]) => key))).toEqual(new Set(byKey.keys()));
    expect(byKey.size).toBe(35);
  });

  it.each(outcomes)('%s %s %s', async (key, status, name, value) => {
    server.use(jwi.outcome(key as OperationKey, status as never, name as never));
    const { exchange, outcomes: ran, failed } = await checked(byKey.get(key)!, requestFor(byKey.get(key)!));
    expect(failed).toEqual([]);
    expect(ran.map((o) => o.check)).toEqual(expect.arrayContaining(['status_code_conformance', 'content_type_conformance', 'response_schema_conformance']));
    expect(exchange.response?.status).toBe(status);
    expect(exchange.response?.json).toEqual(value);
  });

  it.each(contract.operations.filter((op) => op.security !== 'none').map((op) => [op.key, op] as const))(
    '%s without credentials: its documented refusal', async (_, op) => {
      const { exchange, failed } = await checked(op, requestFor(op, true));
      expect(failed).toEqual([]);
      expect(exchange.response?.status).toBe(op.security === 'bearer' ? 401 : 400);
    },
  );
});

describe('the suite\'s mock profile against the handlers', () => {
  it('passes, with every documented outcome exercised', async () => {
    const outcome = await runSuite({ ...config, examples: 5, failOnUncovered: true });
    expect(outcome.results.failures.map((f) => `[${f.check}] ${f.operation} ${f.name}: ${f.actual}`)).toEqual([]);
    expect(outcome.coverage.filter((c) => c.state !== 'passed')).toEqual([]);
    expect(outcome.passed).toBe(true);
    console.log(`the suite's mock profile against the handlers: ${outcome.results.requests} requests checked`);
  }, 120_000);
});
