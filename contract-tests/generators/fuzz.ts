// Fuzzing: requests whose parameters and bodies fast-check generates from the schemas (valid per
// the schema, seeded), each put through the response checks. A failing request is shrunk by
// fast-check to the smallest one that still fails, and only that one is reported.
import fc from 'fast-check';
import type { JsonObject } from '../../lib/spec/bundle.js';
import type { Operation } from '../contract.js';
import { mayWrite } from '../profiles.js';
import type { RequestParts, Session } from '../session.js';
import { parametersOf } from '../../lib/spec/examples.js';
import { bodySchemaOf, isMultipart } from './examples.js';
import { arbitraryFor, type Schema } from './schema-arbitrary.js';

// Operations whose success would end the suite's own session.
const SESSION_ENDING = new Set(['POST /auth/logout', 'POST /auth/refresh']);

function requestArbitrary(session: Session, op: Operation): fc.Arbitrary<RequestParts> | undefined {
  const resolve = (ref: string) => session.contract.resolve(ref) as Schema;
  const params = parametersOf(session.contract.spec, op).filter((p) => p.in === 'query');
  const bodySchema = bodySchemaOf(op);
  if (params.length === 0 && !bodySchema) return undefined;
  const query = fc.record(Object.fromEntries(params.map((p) => {
    const value = arbitraryFor(p.schema as Schema, resolve).map((v) => (typeof v === 'object' ? JSON.stringify(v) : v) as string | number | boolean);
    return [String(p.name), p.required ? value : fc.option(value, { nil: undefined })];
  })));
  const body = bodySchema ? arbitraryFor(bodySchema as JsonObject as Schema, resolve) : fc.constant(undefined);
  return fc.record({ query, body }).map(({ query: q, body: b }) => session.authorize(op, { query: q, ...(b !== undefined ? { body: b } : {}) }));
}

/** One shard of an operation's fuzzing: `runs` requests from `seed`. */
async function fuzzShard(session: Session, op: Operation, seed: number, runs: number): Promise<void> {
  const arbitrary = requestArbitrary(session, op);
  if (!arbitrary) return;
  const { results } = session;
  const run = async (parts: RequestParts) => session.exchange('fuzz', op, parts);
  const outcome = await fc.check(fc.asyncProperty(arbitrary, async (parts) => {
    if (!session.mayGenerate('fuzz', op)) return true;
    const exchange = await run(parts);
    if (exchange.unsent) return true;
    const outcomes = results.evaluate(op, exchange);
    const ok = outcomes.every((o) => o.ok || !results.binds(o));
    // Failing requests are kept only once shrunk (below); the runs of the shrinking are not.
    if (ok) results.recordOutcomes('fuzz', 'generated', op, exchange, outcomes);
    return ok;
  }), { seed, numRuns: runs, endOnFailure: false });
  if (outcome.failed && outcome.counterexample) {
    const [smallest] = outcome.counterexample;
    const exchange = await run(smallest);
    if (exchange.unsent) return;
    results.record('fuzz', `shrunk after ${outcome.numShrinks} steps (seed ${seed}, path ${outcome.counterexamplePath})`, op, exchange);
  }
}

export async function fuzzPhase(session: Session): Promise<void> {
  const { config } = session;
  const ops = session.selected.filter((op) => {
    if (SESSION_ENDING.has(op.key) || isMultipart(op)) return false;
    if (!mayWrite(config.profile, op)) {
      session.results.skip('fuzz', op.key, 'the production profile fuzzes only operations that do not write');
      return false;
    }
    return true;
  });
  // Each operation's requests are split in as many shards as run at once, so that a slow operation
  // (a registration hashes a password) is not one long queue at the end. Shards have seeds of
  // their own, derived from --seed: the same seed sends the same requests.
  // A rate-limited operation (it documents 429) gets one shard of at most --limited-requests. Those
  // shards go first: they are sequential, and their operations are the slow ones (a password hash
  // each), so they run beside the others instead of after them.
  const lanes = Math.max(1, config.concurrency);
  const shards = ops.flatMap((op, index) => {
    const limited = op.responses.has('429');
    return Array.from({ length: limited ? 1 : lanes }, (_, shard) => ({
      op, limited, seed: config.seed + index * lanes + shard, runs: limited ? Math.min(config.examples, config.limitedRequests) : Math.ceil(config.examples / lanes),
    }));
  }).sort((a, b) => Number(b.limited) - Number(a.limited));
  let next = 0;
  const lane = async () => {
    while (next < shards.length) {
      const { op, seed, runs } = shards[next++]!;
      await fuzzShard(session, op, seed, runs);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}
