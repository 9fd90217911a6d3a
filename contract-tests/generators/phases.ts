// The generated phases: the spec's examples, values at the edges of each constraint, and the
// credentials every protected operation must refuse.
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../../lib/spec/bundle.js';
import { queryValue } from '../../lib/spec/query.js';
import { expectation, ignoredAuth, negativeDataRejection, positiveDataAcceptance } from '../checks/expectations.js';
import type { Check } from '../checks/types.js';
import type { Operation } from '../contract.js';
import { holdsReferenceRules, mayWrite } from '../profiles.js';
import type { RequestParts, Session } from '../session.js';
import { baseRequest, registerAccount, tokenFor } from '../world.js';
import { boundariesOf } from './boundaries.js';
import { parametersOf } from '../../lib/spec/examples.js';
import { bodySchemaOf, exampleRequests } from './examples.js';

export async function examplesPhase(session: Session): Promise<void> {
  const { config, contract } = session;
  for (const op of session.selected) {
    if (!mayWrite(config.profile, op)) {
      session.results.skip('examples', op.key, 'the production profile does not send requests that would write');
      continue;
    }
    for (const example of exampleRequests(contract, op)) {
      const token = await tokenFor(session, op.key);
      if (!token && op.security === 'bearer' && config.profile !== 'mock') continue; // no session to spend
      await session.call('examples', `example ${example.name}`, op.key, session.authorize(op, example.request, token));
    }
    if (config.profile !== 'mock') continue;
    // A stateless Prism mock serves every documented outcome on request: ask for each one.
    const [first] = exampleRequests(contract, op);
    for (const response of op.responses.values()) {
      for (const name of response.exampleNames) {
        const request = session.authorize(op, { ...first!.request, headers: { Prefer: `code=${response.status}, example=${name}` } });
        await session.call('examples', `mock outcome ${response.status} ${name}`, op.key, request,
          [expectation('status_code_conformance', `the requested ${response.status}`, (status) => String(status) === response.status)], { requestedOutcome: true });
      }
    }
  }
}

/** The fields of a request an operation takes: its query parameters and top-level body properties. */
function fieldsOf(session: Session, op: Operation): { where: 'query' | 'body'; name: string; schema: JsonObject; required: boolean }[] {
  const query = parametersOf(session.contract.spec, op).filter((p) => p.in === 'query')
    .map((p) => ({ where: 'query' as const, name: String(p.name), schema: p.schema as JsonObject, required: Boolean(p.required) }));
  const bodySchema = bodySchemaOf(op);
  const body = bodySchema ? (session.contract.resolve(String(bodySchema.$ref)) ?? bodySchema) : undefined;
  const required = new Set((body?.required ?? []) as string[]);
  const props = Object.entries((body?.properties ?? {}) as JsonObject)
    .map(([name, schema]) => ({ where: 'body' as const, name, schema: schema as JsonObject, required: required.has(name) }));
  return [...query, ...props];
}

// Fields whose valid values depend on something other than their schema: varying them alone proves
// nothing about acceptance.
const BOUND_FIELDS = new Set(['current_password', 'password_confirmation', 'otp']);

// Fields whose value must not be in use already: each inside value is made unique, keeping its length.
const UNIQUE_FIELDS = new Set(['email']);
const unique = (value: unknown) =>
  typeof value === 'string' && value.length >= 10 ? randomBytes(5).toString('hex') + value.slice(10) : value;

/** What the target reads from a value sent in the query. */
const asQueryValue = (schema: JsonObject, value: unknown): unknown =>
  queryValue(schema, typeof value === 'object' ? JSON.stringify(value) : String(value));

function withField(request: RequestParts, where: 'query' | 'body', name: string, value: unknown, omit = false): RequestParts {
  if (where === 'query') {
    const query = { ...request.query };
    if (omit) delete query[name];
    else query[name] = typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
    return { ...request, query };
  }
  const body = { ...(request.body as Record<string, unknown> | undefined) };
  if (omit) delete body[name];
  else body[name] = value;
  // A new password comes with its confirmation (Laravel's `confirmed` rule).
  if (name === 'password' && !omit && 'password_confirmation' in body) body.password_confirmation = value;
  return { ...request, body };
}

export async function boundariesPhase(session: Session): Promise<void> {
  const { config, contract } = session;
  for (const op of session.selected) {
    const fields = fieldsOf(session, op);
    if (fields.length === 0) continue;
    // The production profile sends nothing, not even invalid values, to an operation it may not
    // write through: a target that took an invalid value would act on it.
    if (!mayWrite(config.profile, op)) {
      session.results.skip('boundaries', op.key, 'the production profile does not send requests that would write');
      continue;
    }
    /** One boundary request, built on a base request of this moment (a session account's password
     * may have changed), with a fresh session where the operation ends one, within the budget. */
    const probe = async (label: string, change: (base: RequestParts) => RequestParts, check?: Check) => {
      if (!session.mayGenerate('boundaries', op)) return;
      const token = await tokenFor(session, op.key);
      if (!token && op.security === 'bearer' && config.profile !== 'mock') return; // no session to spend (tokenFor said why)
      await session.call('boundaries', label, op.key, change(baseRequest(session, op.key, token)), check ? [check] : []);
    };
    for (const field of fields) {
      const base = baseRequest(session, op.key);
      const current = field.where === 'query' ? base.query?.[field.name] : (base.body as Record<string, unknown> | undefined)?.[field.name];
      // The reference server's own constraints (x-reference-server-only) bind only the reference profile's target.
      const { inside, outside, probes } = boundariesOf(field.schema, contract, current, { referenceServerOnly: holdsReferenceRules(config) });
      const what = (label: string) => `${field.where} ${field.name} ${label}`;
      if (field.required) {
        await probe(what('omitted'), (b) => withField(b, field.where, field.name, undefined, true), negativeDataRejection(`${field.name} missing`));
      }
      for (const value of outside) {
        // A query string carries text: a value that reads as a valid one once sent is not outside.
        if (field.where === 'query' && contract.validator.validateAgainst(field.schema, asQueryValue(field.schema, value.value)).length === 0) continue;
        await probe(what(value.label), (b) => withField(b, field.where, field.name, value.value), negativeDataRejection(what(value.label), value.tier));
      }
      for (const value of BOUND_FIELDS.has(field.name) ? [] : inside) {
        const sent = UNIQUE_FIELDS.has(field.name) ? unique(value.value) : value.value;
        await probe(what(value.label), (b) => withField(b, field.where, field.name, sent), positiveDataAcceptance(field.name, what(value.label), value.tier));
      }
      // Values the contract leaves open, last (a rate-limited operation's budget goes to the others
      // first): any documented answer but a server error will do.
      for (const value of probes) await probe(what(value.label), (b) => withField(b, field.where, field.name, value.value));
    }
  }
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Bearer tokens that must all be refused, built from a real one where the variant needs claims. */
async function badTokens(session: Session): Promise<{ label: string; token?: string }[]> {
  const tokens: { label: string; token?: string }[] = [{ label: 'no token' }, { label: 'a malformed token', token: 'not-a-jwt' }];
  if (session.config.profile === 'mock') return tokens.slice(0, 1); // a mock checks presence only
  const real = session.world.customer?.token ?? session.world.newcomer?.token;
  if (!real) {
    session.results.skip('auth', 'signed-token variants', 'no account could be registered on the target');
    return tokens;
  }
  const claims = JSON.parse(Buffer.from(real.split('.')[1] ?? '', 'base64url').toString() || '{}') as Record<string, unknown>;
  tokens.push({ label: 'a token signed with another key', token: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(randomBytes(32)) });
  tokens.push({ label: 'an unsigned token (alg none)', token: `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.` });
  if (session.config.jwtSecret) {
    const past = Math.floor(Date.now() / 1000) - 7200;
    tokens.push({
      label: 'an expired token',
      token: await new SignJWT({ ...claims, iat: past, exp: past + 3600 }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(session.config.jwtSecret)),
    });
  } else {
    session.results.skip('auth', 'an expired token', 'configure jwtSecret (the target\'s HS256 key) to sign an expired token');
  }
  const throwaway = await registerAccount(session, 'logged-out');
  if (throwaway) {
    await session.call('auth', 'logout', 'POST /auth/logout', { headers: { Authorization: `Bearer ${throwaway.token}` } });
    tokens.push({ label: 'a logged-out token', token: throwaway.token });
  }
  return tokens;
}

export async function authPhase(session: Session): Promise<void> {
  const { config } = session;
  // In production, credentials are probed only where a target that ignored them could do no harm.
  const probed = session.selected.filter((op) => mayWrite(config.profile, op));
  const bearer = probed.filter((op) => op.security === 'bearer');
  const tokens = bearer.length > 0 ? await badTokens(session) : [];
  for (const op of bearer) {
    const base = baseRequest(session, op.key);
    for (const { label, token } of tokens) {
      const headers = { ...base.headers };
      delete headers.Authorization;
      if (token) headers.Authorization = `Bearer ${token}`;
      await session.call('auth', label, op.key, { ...base, headers }, [ignoredAuth(label, [401])]);
    }
  }
  for (const op of probed.filter((o) => o.security === 'apiKey')) {
    const base = baseRequest(session, op.key);
    const without = { ...base.headers };
    delete without['X-MYWIFI-KEY'];
    if (config.profile === 'mock') {
      session.results.skip('auth', `${op.key} missing key`, 'Prism answers a missing X-MYWIFI-KEY with its own 401, not the documented 400');
      continue;
    }
    await session.call('auth', 'no API key', op.key, { ...base, headers: without }, [ignoredAuth('no API key', [400], 'API_KEY_MISSING')]);
    await session.call('auth', 'a wrong API key', op.key, { ...base, headers: { ...without, 'X-MYWIFI-KEY': `jwi_wrong_${randomBytes(8).toString('hex')}` } },
      [ignoredAuth('a wrong API key', [403], 'API_KEY_INVALID')]);
    if (config.restrictedApiKey) {
      await session.call('auth', 'a key from a forbidden address', op.key, { ...base, headers: { ...without, 'X-MYWIFI-KEY': config.restrictedApiKey } },
        [ignoredAuth('a key from a forbidden address', [403], 'IP_NOT_ALLOWED')]);
    } else {
      session.results.skip('auth', 'a key from a forbidden address', 'configure restrictedApiKey (a key limited to addresses the suite does not come from)');
    }
  }
}
