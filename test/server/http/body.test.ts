// How a JSON body is read: one nested deeper than the server's limit (server/http/body.ts,
// MAX_JSON_DEPTH) is refused with a 422 in the operation's family before any step walks it: a body
// of 20 KB can nest 10,000 levels, and a step that walks a body by recursion overflowed the stack on
// it (the server answered 500). The other ways a body is unreadable: auth/accounts.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../../server/http/body.js';
import { DEMO_API_KEY } from '../../../server/demo/constants.js';
import { login } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';

/** `levels` levels of arrays, the innermost empty: `[[[]]]` is 3. */
const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const TICKET = { help_type: 1, help_solution: 1, description: 'Internet putus sejak pagi.' };
/** A valid ticket whose extra property makes the body `levels` deep in all (the root object is one). */
const ticketNested = (levels: number) => `${JSON.stringify(TICKET).slice(0, -1)},"extra":${arrays(levels - 1)}}`;
const TOO_DEEP = `The request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels of objects and arrays).`;
const json = { 'Content-Type': 'application/json' };

describe('a JSON body nested deeply', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startApp('sqlite');
    token = await login(app);
  });
  afterAll(() => app?.close());

  const ticketCount = async () => Number((await app.ctx.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it.each([
    ['as the root', arrays(10_000)],
    ['in a property of a valid body', ticketNested(10_000)],
    ['one level past the limit', ticketNested(MAX_JSON_DEPTH + 1)],
  ])('%s: 422 naming the body, and nothing stored', async (_label, raw) => {
    const before = await ticketCount();
    const response = await app.post('/help', undefined, { token, raw, headers: json });
    expect([response.status, response.body.errors]).toEqual([422, { body: [TOO_DEEP] }]);
    expect(await ticketCount()).toBe(before);
  });

  it('at the limit: read, and the ticket opened', async () => {
    const response = await app.post('/help', undefined, { token, raw: ticketNested(MAX_JSON_DEPTH), headers: json });
    expect(response.status).toBe(201);
  });

  it('on an API-key operation: 422 in the billing envelope', async () => {
    const raw = `{"invoice":"2602002","no_services":"28900001","extra":${arrays(10_000)}}`;
    const response = await app.post('/billing/mark-as-paid', undefined, { apiKey: DEMO_API_KEY, raw, headers: json });
    expect([response.status, response.body.status, response.body.error_code]).toEqual([422, false, 'VALIDATION_FAILED']);
    const invoice = await app.ctx.db.selectFrom('invoices').select('status').where('number', '=', 2602002).executeTakeFirstOrThrow();
    expect(invoice.status).toBe('unpaid');
  });
});
