// The ErrorCode enum and the examples agree: every code is shown by an example, under the HTTP
// status the enum gives it, on every operation whose responses document it; every status-envelope
// value is shown too.
import { describe, expect, it } from 'vitest';
import { deref, loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { listResponseExamples } from '../support/examples.js';

const spec = loadBundle();
const errorCode = deref(spec, { $ref: '#/components/schemas/ErrorCode' }) as JsonObject;
const codes = errorCode.enum as string[];
const httpStatus = errorCode['x-http-status'] as Record<string, number>;
const descriptions = errorCode['x-enumDescriptions'] as Record<string, string>;
const examples = listResponseExamples(spec);
const withCode = examples.filter((e) => typeof (e.value as JsonObject).error_code === 'string');
const codeOf = (e: { value: unknown }) => (e.value as JsonObject).error_code as string;

/** The error codes a response schema allows: the enum or const of an allOf narrowing, else all. */
function documentedCodes(schema: JsonObject): string[] {
  const resolved = deref(spec, schema);
  const narrowing = ((resolved.allOf ?? []) as JsonObject[])
    .map((part) => (part.properties as JsonObject | undefined)?.error_code as JsonObject | undefined)
    .find(Boolean);
  if (!narrowing) return codes;
  return narrowing.const ? [narrowing.const as string] : (narrowing.enum as string[]);
}

describe('ErrorCode', () => {
  it('gives every code an HTTP status and a description', () => {
    expect(Object.keys(httpStatus).sort()).toEqual([...codes].sort());
    expect(Object.keys(descriptions).sort()).toEqual([...codes].sort());
    for (const code of codes) expect(descriptions[code]).toMatch(new RegExp(`^HTTP ${httpStatus[code]}\\. `));
  });

  it.each(codes)('%s has at least one example', (code) => {
    expect(withCode.some((e) => codeOf(e) === code)).toBe(true);
  });

  it('no example uses a code missing from the enum', () => {
    expect(withCode.map(codeOf).filter((code) => !codes.includes(code))).toEqual([]);
  });

  it.each(withCode.map((e) => [`${e.op.method} ${e.op.path} ${e.status} ${e.name}`, e] as const))(
    '%s sits under the status of its code',
    (_, e) => {
      expect(String(httpStatus[codeOf(e)])).toBe(e.status);
    },
  );

  const billingResponses = new Map<string, { schema: JsonObject; shown: Set<string> }>();
  for (const e of examples.filter((x) => x.op.security === 'apiKey' && x.status >= '400' && x.status !== '500')) {
    if (!('error_code' in (e.value as JsonObject))) continue;
    const key = `${e.op.method} ${e.op.path} ${e.status}`;
    const entry = billingResponses.get(key) ?? { schema: e.schema, shown: new Set<string>() };
    entry.shown.add(codeOf(e));
    billingResponses.set(key, entry);
  }

  it('finds every error response of the API-key operations', () => {
    expect(billingResponses.size).toBe(22);
  });

  it.each([...billingResponses.entries()])('%s shows an example of each code it documents', (_, { schema, shown }) => {
    expect([...shown].sort()).toEqual([...documentedCodes(schema)].sort());
  });
});

describe('status envelope', () => {
  const failure = deref(spec, { $ref: '#/components/schemas/StatusFailure' }) as JsonObject;
  const values = [...((failure.properties as JsonObject).status as JsonObject).enum as string[], 'already_subscribed', 'success'];

  it.each(values)('status "%s" has at least one example', (value) => {
    expect(examples.some((e) => (e.value as JsonObject).status === value)).toBe(true);
  });
});
