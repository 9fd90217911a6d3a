// fast-check arbitraries for the JSON schemas (2020-12, as OpenAPI 3.1 uses them) of the spec's
// request bodies and query parameters: every value they produce validates against its schema.
// Only the keywords those schemas use are supported; annotations (title, description, examples,
// default, x-*) are ignored.
import fc, { type Arbitrary } from 'fast-check';

export type Schema = Record<string, unknown>;
/** Resolves a `$ref` (a `#/components/...` pointer into the spec) to the schema it names. */
export type Resolve = (ref: string) => Schema;

const ANNOTATIONS = new Set(['title', 'description', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly', '$comment']);
const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']);
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties']);
const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'propertyNames']);
/** How far unbounded numbers reach, and how many items an unbounded array gets. */
const NUMBER_REACH = 1e9;
const ARRAY_CAP = 5;

const isSchema = (value: unknown): value is Schema => !!value && typeof value === 'object' && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The schema's top level with `$ref` resolved and `allOf` merged into one schema, annotations
 * dropped. Nested schemas (properties, items, branches) are left as they are. Throws on an `allOf`
 * whose parts disagree in a way one schema cannot say (e.g. two different patterns).
 */
export function normalize(schema: Schema, resolve: Resolve): Schema {
  let out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref') out = merge(out, normalize(resolve(String(value)), resolve));
    else if (key === 'allOf') for (const part of value as Schema[]) out = merge(out, normalize(part, resolve));
    else out = merge(out, { [key]: value });
  }
  return out;
}

/** One schema that accepts exactly what both `a` and `b` accept (for the keywords supported). */
function merge(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prior = out[key];
    if (!(key in out) || same(prior, value)) out[key] = value;
    else if (LOWER_BOUNDS.has(key)) out[key] = Math.max(prior as number, value as number);
    else if (UPPER_BOUNDS.has(key)) out[key] = Math.min(prior as number, value as number);
    else if (key === 'required') out[key] = [...new Set([...(prior as string[]), ...(value as string[])])];
    else if (key === 'enum') out[key] = (prior as unknown[]).filter((p) => (value as unknown[]).some((v) => same(p, v)));
    else if (key === 'type') out[key] = intersectTypes(declaredTypes(prior)!, declaredTypes(value)!);
    else if (key === 'properties') {
      const props: Schema = { ...(prior as Schema) };
      for (const [name, sub] of Object.entries(value as Schema)) props[name] = name in props ? { allOf: [props[name], sub] } : sub;
      out[key] = props;
    } else if (key === 'anyOf' || key === 'oneOf') {
      // Both lists must hold: one branch per pair (exact for anyOf; oneOf is approximated).
      out[key] = (prior as Schema[]).flatMap((p) => (value as Schema[]).map((v) => ({ allOf: [p, v] })));
    } else if (SUBSCHEMAS.has(key)) {
      out[key] = prior === false || value === false ? false : prior === true ? value : value === true ? prior : { allOf: [prior, value] };
    } else throw new Error(`allOf parts disagree on "${key}": not supported`);
  }
  return out;
}

/** The `type` keyword as a list, or undefined when absent. */
export function declaredTypes(type: unknown): string[] | undefined {
  return typeof type === 'string' ? [type] : Array.isArray(type) ? (type as string[]) : undefined;
}

function intersectTypes(a: string[], b: string[]): string[] {
  const has = (list: string[], t: string) => list.includes(t) || (t === 'integer' && list.includes('number'));
  const both = [...new Set([...a, ...b])].filter((t) => has(a, t) && has(b, t));
  // number ∩ integer is integer
  const types = both.includes('integer') ? both.filter((t) => t !== 'number') : both;
  if (types.length === 0) throw new Error(`allOf parts have no type in common (${a} / ${b})`);
  return types;
}

/** The JSON types to produce for a normalized schema: its `type`, else what its keywords imply. */
export function typesOf(s: Schema): string[] {
  const declared = declaredTypes(s.type);
  if (declared) return declared;
  const implied: string[] = [];
  if (['properties', 'required', 'additionalProperties', 'propertyNames', 'maxProperties'].some((k) => k in s)) implied.push('object');
  if (['items', 'minItems', 'maxItems'].some((k) => k in s)) implied.push('array');
  if (['minLength', 'maxLength', 'pattern', 'format'].some((k) => k in s)) implied.push('string');
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].some((k) => k in s)) implied.push('number');
  return implied;
}

/** A simple JSON value, for schemas that say nothing about their values. */
const anyJson: Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -1000, max: 1000 }), fc.string({ maxLength: 10 }));

/** A fast-check arbitrary producing values that are VALID against `schema`. */
export function arbitraryFor(schema: Schema, resolve: Resolve): Arbitrary<unknown> {
  const s = normalize(schema, resolve);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const branchKey = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : undefined;
  if (branchKey) {
    // Each branch with the keywords beside the list. For oneOf this assumes the branches do not
    // overlap (a value matching two branches would be invalid); no request schema uses oneOf.
    const { [branchKey]: branches, ...rest } = s;
    return fc.oneof(...(branches as Schema[]).map((branch) => arbitraryFor({ allOf: [rest, branch] }, resolve)));
  }
  const types = typesOf(s);
  if (types.length === 0) return anyJson;
  return fc.oneof(...types.map((type) => arbitraryOfType(type, s, resolve)));
}

function arbitraryOfType(type: string, s: Schema, resolve: Resolve): Arbitrary<unknown> {
  switch (type) {
    case 'string': return stringArbitrary(s);
    case 'integer': return integerArbitrary(s);
    case 'number': return numberArbitrary(s);
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': return arrayArbitrary(s, resolve);
    case 'object': return objectArbitrary(s, resolve);
    default: throw new Error(`unknown JSON type "${type}"`);
  }
}

/** A real calendar date as YYYY-MM-DD. */
const dateArbitrary = fc
  .integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

function stringArbitrary(s: Schema): Arbitrary<string> {
  const min = num(s.minLength) ?? 0;
  const max = num(s.maxLength);
  // JSON Schema counts code points, not UTF-16 units.
  const fits = (v: string) => [...v].length >= min && (max === undefined || [...v].length <= max);
  // Sizes: 'small' repeats an open quantifier up to about 10 times, 'medium' about 100.
  const size = min > 8 ? 'medium' : 'small';
  if (typeof s.pattern === 'string') {
    return fc.stringMatching(new RegExp(s.pattern), { size, ...(max === undefined ? {} : { maxLength: max }) }).filter(fits);
  }
  if (s.format === 'email') return fc.emailAddress({ size: 'small' }).filter(fits);
  if (s.format === 'date') return dateArbitrary.filter(fits);
  // Plain strings (and format: binary): short ASCII, just long enough.
  return fc.string({ minLength: min, maxLength: Math.min(max ?? Infinity, min + 20) });
}

function integerArbitrary(s: Schema): Arbitrary<number> {
  const exMin = num(s.exclusiveMinimum), exMax = num(s.exclusiveMaximum);
  const low = Math.max(num(s.minimum) ?? -Infinity, exMin === undefined ? -Infinity : Math.floor(exMin) + 1);
  const high = Math.min(num(s.maximum) ?? Infinity, exMax === undefined ? Infinity : Math.ceil(exMax) - 1);
  const min = Number.isFinite(low) ? Math.ceil(low) : Math.min(-NUMBER_REACH, Number.isFinite(high) ? high : 0);
  const max = Number.isFinite(high) ? Math.floor(high) : Math.max(NUMBER_REACH, min);
  return fc.integer({ min, max });
}

function numberArbitrary(s: Schema): Arbitrary<number> {
  const min = num(s.minimum), exMin = num(s.exclusiveMinimum), max = num(s.maximum), exMax = num(s.exclusiveMaximum);
  // The tighter of each pair of limits; when there is none, ±1e9 (or up to the other limit).
  const minExcluded = exMin !== undefined && exMin >= (min ?? -Infinity);
  const maxExcluded = exMax !== undefined && exMax <= (max ?? Infinity);
  const low = minExcluded ? exMin : min, high = maxExcluded ? exMax : max;
  return fc.double({
    min: low ?? Math.min(-NUMBER_REACH, high ?? 0),
    max: high ?? Math.max(NUMBER_REACH, low ?? 0),
    minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true,
  });
}

function arrayArbitrary(s: Schema, resolve: Resolve): Arbitrary<unknown[]> {
  const item = isSchema(s.items) ? arbitraryFor(s.items, resolve) : anyJson;
  const minLength = num(s.minItems) ?? 0;
  const maxLength = Math.min(num(s.maxItems) ?? Infinity, Math.max(minLength, ARRAY_CAP));
  if (s.uniqueItems === true) return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
  return fc.array(item, { minLength, maxLength });
}

function objectArbitrary(s: Schema, resolve: Resolve): Arbitrary<Record<string, unknown>> {
  const properties = isSchema(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  const extra = s.additionalProperties;
  const model: Record<string, Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties)) model[name] = arbitraryFor(sub as Schema, resolve);
  // Required keys with no property schema take the additionalProperties schema.
  for (const name of required) if (!Object.hasOwn(model, name)) model[name] = isSchema(extra) ? arbitraryFor(extra, resolve) : anyJson;
  const declared = fc.record(model, { requiredKeys: required });
  // Extra keys only when additionalProperties is a schema; at most 3, within maxProperties.
  const room = Math.min(3, (num(s.maxProperties) ?? Infinity) - Object.keys(model).length);
  if (!isSchema(extra) || room <= 0 || s.propertyNames === false) return declared.map((value) => ({ ...value }));
  const names = isSchema(s.propertyNames) ? { type: 'string', ...s.propertyNames } : { type: 'string', minLength: 1, maxLength: 10 };
  const key = (arbitraryFor(names, resolve) as Arbitrary<string>).filter((k) => !Object.hasOwn(model, k) && k !== '__proto__');
  const extras = fc.dictionary(key, arbitraryFor(extra, resolve), { maxKeys: room, noNullPrototype: true });
  return fc.tuple(declared, extras).map(([value, more]) => ({ ...more, ...value }));
}
