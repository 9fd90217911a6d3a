// arbitraryFor: every value it produces for the spec's request bodies and query parameters (and
// for small schemas using the other supported keywords) validates against its schema, as Ajv
// 2020 with ajv-formats (the spec validator) judges it.
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parameters, resolve, schemas, spec, validator } from '../../support/spec-schemas.js';
import { arbitraryFor, type Schema } from '../../../contract-tests/generators/schema-arbitrary.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const settings = { numRuns: 200, seed: 20240101 };

const targets = [
  ...Object.keys(schemas)
    .filter((name) => name.endsWith('Request') || name === 'PushData')
    .map((name) => ({ name, pointer: `#/components/schemas/${name}`, schema: schemas[name]! })),
  ...Object.keys(parameters)
    .map((name) => ({ name: `parameter ${name}`, pointer: `#/components/parameters/${name}/schema`, schema: parameters[name]!.schema as Schema })),
];

/** Ajv for a schema of its own whose `#/components/...` refs point into the spec's components. */
function ajvCheck(schema: Schema): (value: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  return ajv.compile({ ...schema, components: spec.components });
}

const sampled = (schema: Schema, numRuns = 300) => fc.sample(arbitraryFor(schema, resolve), { numRuns, seed: 7 });

describe('arbitraryFor, on the spec', () => {
  it('covers every request schema and every parameter', () => {
    expect(targets.filter((t) => !t.name.startsWith('parameter')).length).toBeGreaterThanOrEqual(20);
    expect(targets.filter((t) => t.name.startsWith('parameter')).length).toBe(Object.keys(parameters).length);
  });

  it.each(targets)('$name: every value validates', ({ pointer, schema }) => {
    fc.assert(fc.property(arbitraryFor(schema, resolve), (value) => {
      expect(validator.validate(pointer, value)).toEqual([]);
    }), settings);
  });

  it('always sends required keys, and optional ones only sometimes', () => {
    const values = sampled(schemas.RegisterRequest!) as Record<string, unknown>[];
    for (const value of values) for (const key of ['name', 'email', 'password', 'phone', 'phonecode']) expect(value).toHaveProperty(key);
    const withGender = values.filter((v) => 'gender' in v).length;
    expect(withGender).toBeGreaterThan(0);
    expect(withGender).toBeLessThan(values.length);
  });

  it('gives PushData extra keys that match propertyNames, at most 3', () => {
    const values = sampled(schemas.PushData!) as Record<string, unknown>[];
    expect(values.some((v) => Object.keys(v).length > 0)).toBe(true);
    for (const value of values) {
      expect(Object.keys(value).length).toBeLessThanOrEqual(3);
      for (const key of Object.keys(value)) expect(key).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
    }
  });

  it('produces both branches of an anyOf (ChangePhoneRequest.phonecode)', () => {
    const phonecode = (schemas.ChangePhoneRequest!.properties as Record<string, Schema>).phonecode!;
    const types = new Set(sampled(phonecode).map((v) => typeof v));
    expect([...types].sort()).toEqual(['number', 'string']);
  });

  it('keeps strings and arrays short', () => {
    const tokens = (schemas.PushRequest!.properties as Record<string, Schema>).tokens!;
    for (const value of sampled(tokens) as string[][]) {
      expect(value.length).toBeGreaterThanOrEqual(1);
      expect(value.length).toBeLessThanOrEqual(5);
      for (const token of value) expect(token.length).toBeLessThanOrEqual(21);
    }
  });
});

describe('arbitraryFor, on other keywords', () => {
  const cases: [string, Schema][] = [
    ['a type list', { type: ['string', 'null'], maxLength: 3 }],
    ['allOf of a $ref and constraints', { allOf: [{ $ref: '#/components/schemas/Password' }, { maxLength: 10, pattern: '^[a-z]+$' }] }],
    ['allOf of objects', {
      allOf: [
        { type: 'object', properties: { a: { type: 'integer', minimum: 3 } }, required: ['a'] },
        { properties: { b: { $ref: '#/components/schemas/Otp' }, a: { maximum: 4 } }, required: ['b'] },
      ],
    }],
    ['oneOf of a const and a range', { oneOf: [{ const: 'x' }, { type: 'integer', minimum: 5, maximum: 7 }] }],
    ['an enum with null', { type: ['string', 'null'], enum: ['a', 'b', null] }],
    ['format date', { type: 'string', format: 'date' }],
    ['format binary', { type: 'string', format: 'binary', maxLength: 4 }],
    ['format email with maxLength', { type: 'string', format: 'email', maxLength: 20 }],
    ['a bounded number', { type: 'number', minimum: -90, maximum: 90 }],
    ['an exclusive number', { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }],
    ['an unbounded integer', { type: 'integer' }],
    ['an integer with only a maximum', { type: 'integer', maximum: -5 }],
    ['a unique array', { type: 'array', items: { enum: [1, 2, 3] }, uniqueItems: true }],
    ['an unbounded array', { type: 'array', items: { type: 'boolean' } }],
    ['an array with many items', { type: 'array', items: { type: 'null' }, minItems: 7 }],
    ['a map with maxProperties', { type: 'object', properties: { id: { type: 'integer' } }, additionalProperties: { type: 'integer' }, maxProperties: 2 }],
    ['a closed object', { type: 'object', properties: { a: { type: 'boolean' } }, additionalProperties: false }],
    ['no type but properties', { properties: { a: { const: 1 } }, required: ['a'] }],
    ['an empty schema', {}],
    ['annotations only', { description: 'anything', examples: [1], 'x-internal': true }],
  ];

  it.each(cases)('%s: every value validates', (_name, schema) => {
    const check = ajvCheck(schema);
    fc.assert(fc.property(arbitraryFor(schema, resolve), (value) => check(value)), settings);
  });

  it('keeps unbounded integers within ±1e9 and unbounded arrays within 5 items', () => {
    for (const value of sampled({ type: 'integer' }) as number[]) expect(Math.abs(value)).toBeLessThanOrEqual(1e9);
    for (const value of sampled({ type: 'array' }) as unknown[][]) expect(value.length).toBeLessThanOrEqual(5);
  });

  it('says so when allOf parts disagree in a way it cannot merge', () => {
    expect(() => arbitraryFor({ allOf: [{ pattern: '^a' }, { pattern: 'b$' }] }, resolve)).toThrow(/not supported/);
  });
});
