// boundariesOf: for each field of the spec's request bodies and each query parameter, every
// inside value validates and every outside value does not, as Ajv 2020 with ajv-formats (the
// spec validator) judges it; plus the values expected of a few well-known fields.
import { describe, expect, it } from 'vitest';
import { deref, type JsonObject } from '../../../lib/spec/bundle.js';
import { judged, parameters, schemas, spec, validator } from '../../support/spec-schemas.js';
import { boundariesOf, type BoundaryValue } from '../../../contract-tests/generators/boundaries.js';
import { contractView } from '../../../lib/spec/contract-view.js';
import type { Schema } from '../../../contract-tests/generators/schema-arbitrary.js';


interface Field { name: string; pointer: string; schema: Schema; example: unknown }

/** A field's first `examples` entry (following a $ref), to use as its valid example. */
const exampleOf = (schema: Schema) => ((deref(spec, schema as JsonObject) as Schema).examples as unknown[] | undefined)?.[0];

const fields: Field[] = [
  ...Object.keys(schemas).filter((name) => name.endsWith('Request')).flatMap((name) =>
    Object.entries(schemas[name]!.properties as Record<string, Schema>).map(([prop, schema]) => ({
      name: `${name}.${prop}`, pointer: `#/components/schemas/${name}/properties/${prop}`, schema, example: exampleOf(schema),
    }))),
  ...Object.entries(parameters).map(([name, parameter]) => ({
    name: `parameter ${name}`, pointer: `#/components/parameters/${name}/schema`, schema: parameter.schema as Schema, example: parameter.example,
  })),
];
const field = (name: string) => fields.find((f) => f.name === name)!;
const boundaries = (name: string) => { const f = field(name); return boundariesOf(f.schema, judged, f.example); };
const values = (list: BoundaryValue[]) => list.map((b) => b.value);
const component = (name: string) => boundariesOf({ $ref: `#/components/schemas/${name}` }, judged, exampleOf(schemas[name]!));

describe('boundariesOf, on every field', () => {
  it('covers the fields of every request schema and every parameter', () => {
    expect(fields.length).toBeGreaterThan(60);
  });

  it.each(fields)('$name: inside values validate, outside values do not', ({ pointer, schema, example }) => {
    const { inside, outside } = boundariesOf(schema, judged, example);
    expect(outside.length).toBeGreaterThan(0);
    for (const b of inside) expect(validator.validate(pointer, b.value), `inside ${b.label}`).toEqual([]);
    for (const b of outside) expect(validator.validate(pointer, b.value), `outside ${b.label}`).not.toEqual([]);
    for (const list of [inside, outside]) expect(new Set(list.map((b) => JSON.stringify(b.value))).size).toBe(list.length);
  });
});

describe('boundariesOf, on well-known fields', () => {
  it('RegisterRequest.name: 1 and 255 characters inside, 0 and 256 outside, a number is the wrong type', () => {
    const { inside, outside } = boundaries('RegisterRequest.name');
    expect(values(inside)).toEqual(['a', 'a'.repeat(255)]);
    expect(outside).toContainEqual({ label: 'maxLength 255 + 1', value: 'a'.repeat(256) });
    expect(outside).toContainEqual({ label: 'minLength 1 - 1', value: '' });
    expect(outside).toContainEqual({ label: 'wrong type (number)', value: 123 });
  });

  it('RegisterRequest.email: an email of exactly 255 characters inside, 256 and a non-email outside', () => {
    const { inside, outside } = boundaries('RegisterRequest.email');
    expect(values(inside).map((v) => (v as string).length)).toEqual([255]);
    expect(values(inside)[0]).toMatch(/@example\.com$/);
    expect(values(outside)).toContain('not-an-email');
    expect(values(outside).some((v) => typeof v === 'string' && v.length === 256 && v.endsWith('@example.com'))).toBe(true);
  });

  it('NoServices: the example inside, and a string of allowed length that does not match outside', () => {
    const { inside, outside } = component('NoServices');
    expect(values(inside)).toContain('ISP00123');
    const mismatch = outside.find((b) => b.label === 'does not match pattern')!;
    expect(mismatch.value).toHaveLength(8);
    expect(mismatch.value).not.toMatch(/^[A-Za-z0-9_-]{1,40}$/);
  });

  it('TicketStatusFilter: a pattern no single character fills still gets a match and a mismatch', () => {
    const { inside, outside } = boundaries('parameter TicketStatusFilter');
    expect(values(inside)).toContain('pending,process');
    expect(outside.map((b) => b.label)).toContain('does not match pattern');
  });

  it('PerPage: 1 and 100 inside; 0, 101, a fraction and a string outside', () => {
    const { inside, outside } = boundaries('parameter PerPage');
    expect(values(inside)).toEqual([1, 100]);
    expect(values(outside)).toEqual(expect.arrayContaining([0, 101, 1.5, 'abc']));
  });

  it('DevicePlatform: every enum value inside; another string and a number outside', () => {
    const { inside, outside } = component('DevicePlatform');
    expect(values(inside)).toEqual(['android', 'ios', 'web']);
    expect(outside).toContainEqual({ label: 'not in enum', value: 'not-in-enum' });
    expect(values(outside)).toContain(123);
  });

  it('ChangePhoneRequest.phonecode (anyOf): outside only what both branches reject', () => {
    const { inside, outside } = boundaries('ChangePhoneRequest.phonecode');
    expect(values(inside)).toEqual(expect.arrayContaining([0, 99999]));
    expect(values(outside)).toEqual(expect.arrayContaining([-1, 100000, 0.5]));
    expect(values(outside)).not.toContain(123); // a number, but the first branch accepts it
    expect(values(outside).every((v) => typeof v !== 'string' || !/^[0-9]{1,5}$/.test(v))).toBe(true);
  });

  it('PhoneNumber: its limits, and a fraction within them', () => {
    const { inside, outside } = component('PhoneNumber');
    expect(values(inside)).toEqual(expect.arrayContaining([10000000, 999999999999999]));
    expect(values(outside)).toEqual(expect.arrayContaining([9999999, 1000000000000000, 10000000.5]));
  });

  it('SubscribeRequest.latitude: a number steps 0.5 past its limits, and has no integer check', () => {
    const { inside, outside } = boundaries('SubscribeRequest.latitude');
    expect(values(inside)).toEqual([-90, 90]);
    expect(values(outside)).toEqual([-90.5, 90.5, 'abc', 2 ** 31, -(2 ** 31), 2 ** 53 + 2, -(2 ** 53 + 2), 2 ** 63 + 2 ** 11, -(2 ** 63 + 2 ** 11)]);
  });

  it('PushRequest.tokens: 1 and 500 valid items inside, 0 and 501 outside', () => {
    const { inside, outside } = boundaries('PushRequest.tokens');
    expect(values(inside).map((v) => (v as unknown[]).length)).toEqual([1, 500]);
    expect(values(outside).filter(Array.isArray).map((v) => v.length)).toEqual([0, 501]);
  });

  it('PushRequest.data (an object): only the wrong type', () => {
    expect(boundaries('PushRequest.data')).toEqual({ inside: [], outside: [{ label: 'wrong type (string)', value: 'abc' }], probes: [] });
  });

  it('Otp: the example inside, a broken one outside', () => {
    const { inside, outside } = component('Otp');
    expect(values(inside)).toEqual(['123456']);
    expect(values(outside)).toEqual(['#23456', 123, '123\u000056', 'a'.repeat(10_000)]);
  });
});

describe('boundariesOf, on other keywords', () => {
  it('skips length values it cannot make match the pattern, but keeps the outside ones', () => {
    const { inside, outside } = boundariesOf({ type: 'string', pattern: '^ab+$', minLength: 3, maxLength: 5 }, judged);
    expect(inside.every((b) => /^ab+$/.test(b.value as string))).toBe(true);
    expect(outside.map((b) => b.label)).toEqual(expect.arrayContaining(['minLength 3 - 1', 'maxLength 5 + 1']));
  });

  it('handles const, a type list and a date', () => {
    expect(boundariesOf({ const: 'x' }, judged)).toEqual({
      inside: [{ label: 'const', value: 'x' }],
      outside: [{ label: 'not the const', value: 'not-in-enum' }, { label: 'wrong type (number)', value: 123 },
        { label: 'a NUL byte', value: 'a\u0000a' }, { label: '10000 characters', value: 'a'.repeat(10_000) }],
      probes: [],
    });
    const nullable = boundariesOf({ type: ['integer', 'null'], minimum: 1 }, judged);
    expect(values(nullable.inside)).toEqual([1]);
    expect(values(nullable.outside)).toEqual([0, 'abc', -(2 ** 31), -(2 ** 53 + 2), -(2 ** 63 + 2 ** 11)]);
    expect(values(nullable.probes)).toEqual([2 ** 31, 2 ** 53 + 2, 2 ** 63 + 2 ** 11]);
    expect(values(boundariesOf({ type: 'string', format: 'date' }, judged).outside)).toEqual(['2021-02-30', 123, 'a\u0000a', 'a'.repeat(10_000)]);
  });

  it('finds no wrong type for a schema of any type', () => {
    expect(boundariesOf({ description: 'anything' }, judged)).toEqual({ inside: [], outside: [], probes: [] });
  });
});

describe('boundariesOf, without the reference server\'s own constraints (profiles other than reference)', () => {
  const contractOnly = (name: string) => { const f = field(name); return boundariesOf(f.schema, judged, f.example, { referenceServerOnly: false }); };
  const labels = (list: BoundaryValue[]) => list.map((b) => b.label);

  it('keeps the reference\'s constraints and drops only the listed keywords: Password keeps Min 6, not 72', () => {
    const all = boundaries('RegisterRequest.password');
    expect(labels(all.outside)).toEqual(expect.arrayContaining(['minLength 6 - 1', 'maxLength 72 + 1']));
    const { inside, outside } = contractOnly('RegisterRequest.password');
    expect(labels(outside)).toEqual(['minLength 6 - 1', 'wrong type (number)']);
    expect(labels(inside)).toEqual(['minLength 6']);
  });

  it('drops every constraint of a schema marked true, following $refs: the register email, the OTP, push data', () => {
    expect(labels(contractOnly('RegisterRequest.email').outside)).toEqual(['wrong type (number)']);
    const otp = contractOnly('ResetPasswordRequest.otp');
    expect(otp.inside).toEqual([]);
    expect(otp.outside).toEqual([{ label: 'wrong type (number)', value: 123 }]);
    expect(values(contractOnly('parameter BillingInvoiceFilter').outside)).toEqual([123]);
  });

  it('keeps what the contract itself decides: the customer number format (no-services-format) is not the reference server\'s own', () => {
    expect(labels(contractOnly('ForgotPasswordRequest.no_services').outside)).toContain('does not match pattern');
  });

  it('on a field with nothing marked, finds what the reference profile finds', () => {
    for (const name of ['RegisterRequest.name', 'RegisterRequest.gender', 'ChangePhoneRequest.phonecode', 'parameter Month']) {
      expect(contractOnly(name), name).toEqual(boundaries(name));
    }
  });

  it('leaves no x-reference-server-only keyword in the contract\'s view of a schema', () => {
    const stripped = contractView(schemas.PushRequest as JsonObject) as Schema;
    const tokens = (stripped.properties as Record<string, Schema>).tokens!;
    expect(tokens).not.toHaveProperty('maxItems');
    expect(tokens.items).toMatchObject({ type: 'string' });
    expect(stripped).not.toHaveProperty('anyOf');
    expect(stripped.required).toEqual(['title', 'body']);
  });

  it('sends a value only the reference server accepts, or only it refuses, as a probe: mark-as-paid\'s integer invoice, a 73-character password', () => {
    const invoice = contractOnly('MarkAsPaidRequest.invoice');
    expect(values(invoice.outside)).not.toContain(1);
    expect(invoice.probes.some((b) => typeof b.value === 'number')).toBe(true);
    expect(values(boundaries('MarkAsPaidRequest.invoice').inside)).toContain(1);
    const page = contractOnly('parameter Page');
    expect(values(page.outside)).not.toContain(100001);
    expect(values(page.probes)).toContain(2 ** 63 + 2 ** 11);
  });
});

describe('boundariesOf, probes past what storage holds', () => {
  it('an unbounded integer gets values past int32, 2^53 and int64; a bounded one gets them as outside values', () => {
    expect(values(boundaries('CreateTicketRequest.help_type').probes)).toEqual(expect.arrayContaining([2 ** 31, 2 ** 53 + 2, 2 ** 63 + 2 ** 11]));
    expect(values(boundaries('parameter Page').outside)).toEqual(expect.arrayContaining([100001, 2 ** 31, 2 ** 63 + 2 ** 11]));
    expect(values(boundaries('parameter Page').outside)).toContain(-(2 ** 31));
  });

  it('a string gets a NUL byte; one with no maxLength a value of 10,000 characters', () => {
    const name = boundaries('RegisterRequest.name').probes;
    expect(values(name).some((v) => typeof v === 'string' && v.includes('\u0000'))).toBe(true);
    expect(values(name).some((v) => typeof v === 'string' && v.length === 10_000)).toBe(false);
    expect(values(boundariesOf({ type: 'string' }, judged).probes)).toEqual(['a\u0000a', 'a'.repeat(10_000)]);
    // A NUL byte breaks a pattern: the customer number refuses it.
    expect(values(boundaries('ForgotPasswordRequest.no_services').outside).some((v) => typeof v === 'string' && v.includes('\u0000'))).toBe(true);
  });
});
