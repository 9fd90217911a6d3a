// Boundary values of one field's schema: values just inside each of its limits (the schema
// accepts them) and just outside (it rejects them), for testing that a server draws the line
// where the spec does. Candidates are derived per constraint, then checked against the whole
// schema with a small validator for the supported keywords, so that with anyOf/oneOf a value is
// kept as outside only when every branch rejects it, and inside when one branch accepts it.
// Constraints the spec marks `x-reference-server-only` (docs/decisions.md) are left out unless
// asked for: another implementation of the API need not enforce them.
import fc from 'fast-check';
import { arbitraryFor, declaredTypes, normalize, typesOf, type Resolve, type Schema } from './schema-arbitrary.js';

export interface BoundaryValue {
  /** What the value tests, e.g. "maxLength 255", "minimum 1 - 1", "not in enum", "wrong type". */
  label: string;
  value: unknown;
}

export interface Boundaries {
  /** Values the schema accepts, just inside its limits. */
  inside: BoundaryValue[];
  /** Values the schema rejects, just outside its limits. */
  outside: BoundaryValue[];
}

/** Characters tried, in order, to fill a string of some length that still matches a pattern. */
const FILLERS = ['a', '0', 'A', '_', '-', '.', ' '];
/** Characters tried, in order, in place of a matching string's first one to break the pattern
 * (a space last: servers often trim it away). */
const BREAKERS = ['#', '!', '~', ' ', 'é', 'a', '0'];
/** Values of each JSON type, tried in order for "wrong type". */
const OTHER_TYPES: unknown[] = ['abc', 123, true, null, [], {}];
const EMAIL_DOMAIN = '@example.com';
/** ajv-formats' "full" email format, which the spec validator uses. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
/** Seed of the one-off samples (a valid array item, a string matching a pattern): same output every run. */
const SEED = 42;

const isSchema = (value: unknown): value is Schema => !!value && typeof value === 'object' && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const hasType = (v: unknown, type: string) =>
  type === 'integer' ? Number.isInteger(v) : type === 'number' ? typeof v === 'number' : type === jsonType(v);
const sample = (schema: Schema, resolve: Resolve) => fc.sample(arbitraryFor(schema, resolve), { numRuns: 1, seed: SEED })[0];

/** Keywords `x-reference-server-only: true` does not cover: the structure of a value and annotations. */
const KEPT = new Set(['type', 'properties', 'required', 'items', '$ref', 'allOf', 'title', 'description', 'examples', 'example', 'default']);
const NESTED = ['properties', 'items', 'additionalProperties', 'propertyNames', 'allOf', 'anyOf', 'oneOf'];

/** The schema without the constraints marked `x-reference-server-only` (all of a schema's with
 * `true`, else the listed keywords), in it and in the schemas nested in it; `$ref`s are left as they are. */
export function withoutReferenceServerOnly(schema: Schema): Schema {
  const only = schema['x-reference-server-only'];
  const dropped = (key: string) => (only === true ? !KEPT.has(key) && !key.startsWith('x-') : Array.isArray(only) && only.includes(key));
  const strip = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(strip) : isSchema(value) ? withoutReferenceServerOnly(value) : value;
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !dropped(key)).map(([key, value]) => [
    key,
    key === 'properties' && isSchema(value) ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, strip(sub)]))
      : NESTED.includes(key) ? strip(value) : value,
  ]));
}

/** Values just inside and just outside each constraint of ONE field's schema; with
 * `referenceServerOnly: false`, of the constraints every implementation enforces only. */
export function boundariesOf(schema: Schema, resolve: Resolve, validExample?: unknown, { referenceServerOnly = true } = {}): Boundaries {
  if (!referenceServerOnly) {
    const resolveAll = resolve;
    resolve = (ref) => withoutReferenceServerOnly(resolveAll(ref));
    schema = withoutReferenceServerOnly(schema);
  }
  const s = normalize(schema, resolve);
  const found: Boundaries = { inside: [], outside: [] };
  const types = new Set<string>();
  for (const branch of branchesOf(s, resolve)) collect(branch, resolve, validExample, found, types);
  // One value of a JSON type none of the branches allows (none when some branch allows any type).
  const wrong = !types.has('*') ? OTHER_TYPES.find((v) => ![...types].some((t) => hasType(v, t))) : undefined;
  if (wrong !== undefined) found.outside.push({ label: `wrong type (${jsonType(wrong)})`, value: wrong });
  return {
    inside: dedupe(found.inside.filter((b) => accepts(s, b.value, resolve))),
    outside: dedupe(found.outside.filter((b) => !accepts(s, b.value, resolve))),
  };
}

/** The alternatives of a normalized schema: each anyOf/oneOf branch with the keywords beside it. */
function branchesOf(s: Schema, resolve: Resolve): Schema[] {
  const key = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : undefined;
  if (!key) return [s];
  const { [key]: branches, ...rest } = s;
  return (branches as Schema[]).flatMap((branch) => branchesOf(normalize({ allOf: [rest, branch] }, resolve), resolve));
}

/** Candidates for one branch (no anyOf/oneOf left at its top), and the types it allows into `types`. */
function collect(s: Schema, resolve: Resolve, example: unknown, found: Boundaries, types: Set<string>): void {
  if ('const' in s) {
    found.inside.push({ label: 'const', value: s.const });
    found.outside.push({ label: 'not the const', value: unlike([s.const]) });
  }
  if (Array.isArray(s.enum)) {
    for (const value of s.enum as unknown[]) if (value !== null) found.inside.push({ label: `enum ${JSON.stringify(value)}`, value });
    found.outside.push({ label: 'not in enum', value: unlike(s.enum as unknown[]) });
  }
  // A const or enum with no type allows exactly the types of its values.
  const listed = 'const' in s ? [s.const] : Array.isArray(s.enum) ? (s.enum as unknown[]) : undefined;
  const branchTypes = typesOf(s).length > 0 || !listed ? typesOf(s) : listed.map(jsonType);
  // A branch of no particular type allows every type: then there is no "wrong type".
  if (branchTypes.length === 0) types.add('*');
  for (const type of branchTypes) {
    types.add(type);
    if (type === 'string') stringBoundaries(s, resolve, example, found);
    if (type === 'integer' || type === 'number') numberBoundaries(s, type, same(declaredTypes(s.type), ['integer']), found);
    if (type === 'array') arrayBoundaries(s, resolve, found);
    // Objects: only the wrong type.
  }
}

/** A value of the same type as `values`' first (non-null) one that is none of them. */
function unlike(values: unknown[]): unknown {
  const first = values.find((v) => v !== null);
  if (typeof first === 'number') return Math.max(...values.filter((v): v is number => typeof v === 'number')) + 1;
  if (typeof first === 'boolean' && !values.includes(!first)) return !first;
  let text = 'not-in-enum';
  while (values.includes(text)) text += 'x';
  return text;
}

/** Inside: a value of exactly `min` and of exactly `max` (chars, items); outside: one less and one more. */
function counts(s: Schema, [minKey, maxKey]: [string, string], make: (n: number) => unknown, found: Boundaries): void {
  const min = num(s[minKey]), max = num(s[maxKey]);
  if (min !== undefined) {
    found.inside.push({ label: `${minKey} ${min}`, value: make(min) });
    if (min > 0) found.outside.push({ label: `${minKey} ${min} - 1`, value: make(min - 1) });
  }
  if (max !== undefined) {
    found.inside.push({ label: `${maxKey} ${max}`, value: make(max) });
    found.outside.push({ label: `${maxKey} ${max} + 1`, value: make(max + 1) });
  }
}

function stringBoundaries(s: Schema, resolve: Resolve, example: unknown, found: Boundaries): void {
  const min = num(s.minLength), max = num(s.maxLength);
  counts(s, ['minLength', 'maxLength'], (n) => filled(s, n), found);
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern, 'u');
    const fits = (v: unknown): v is string => typeof v === 'string' && re.test(v) && accepts({ minLength: min, maxLength: max }, v, resolve);
    // A matching string of allowed length: the example, else a filled one, else a generated one.
    const short = filled(s, Math.max(min ?? 1, 1));
    const base = fits(example) ? example : fits(short) ? short : String(sample({ type: 'string', pattern: s.pattern, minLength: min, maxLength: max }, resolve));
    found.inside.push({ label: base === example ? 'pattern (example)' : 'matches pattern', value: base });
    // The same string with its first character swapped for one the pattern does not allow there.
    const broken = BREAKERS.map((c) => c + [...base].slice(1).join('')).find((v) => !re.test(v));
    if (broken !== undefined) found.outside.push({ label: 'does not match pattern', value: broken });
  }
  if (s.format === 'email') found.outside.push({ label: 'format email', value: 'not-an-email' });
  if (s.format === 'date') found.outside.push({ label: 'format date', value: '2021-02-30' });
}

/** A string of exactly `n` characters that keeps to the format or pattern when it can. */
function filled(s: Schema, n: number): string {
  if (s.format === 'email' && n > EMAIL_DOMAIN.length) return 'a'.repeat(n - EMAIL_DOMAIN.length) + EMAIL_DOMAIN;
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern, 'u');
    const filler = FILLERS.find((c) => re.test(c.repeat(n)));
    if (filler !== undefined) return filler.repeat(n);
  }
  return 'a'.repeat(n);
}

function numberBoundaries(s: Schema, type: string, exactlyInteger: boolean, found: Boundaries): void {
  const step = type === 'integer' ? 1 : 0.5;
  // Each limit keyword, how far from the limit its inside value is, and how far its outside one.
  const limits = [['minimum', 0, -step], ['maximum', 0, step], ['exclusiveMinimum', step, 0], ['exclusiveMaximum', -step, 0]] as const;
  for (const [key, inside, outside] of limits) {
    const limit = num(s[key]);
    if (limit === undefined) continue;
    const label = (d: number) => (d === 0 ? `${key} ${limit}` : `${key} ${limit} ${d < 0 ? '-' : '+'} ${Math.abs(d)}`);
    found.inside.push({ label: label(inside), value: limit + inside });
    found.outside.push({ label: label(outside), value: limit + outside });
  }
  // Within the range when there is one, so that only the fraction is wrong.
  if (exactlyInteger) found.outside.push({ label: 'not an integer', value: (num(s.minimum) ?? 1) + 0.5 });
}

function arrayBoundaries(s: Schema, resolve: Resolve, found: Boundaries): void {
  // Built from one valid item (a fixed sample); any item will do when `items` is absent.
  const item = isSchema(s.items) ? sample(s.items, resolve) : null;
  counts(s, ['minItems', 'maxItems'], (n) => Array.from({ length: n }, () => item), found);
}

/** Whether `text` is YYYY-MM-DD of a real calendar date. */
function isDate(text: string): boolean {
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? [];
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return y !== undefined && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** The first of each value (by its JSON). */
function dedupe(values: BoundaryValue[]): BoundaryValue[] {
  const seen = new Set<string>();
  return values.filter((b) => !seen.has(JSON.stringify(b.value)) && !!seen.add(JSON.stringify(b.value)));
}

/** Whether `value` validates against `schema`, for the keywords these generators support. */
function accepts(schema: unknown, value: unknown, resolve: Resolve): boolean {
  if (typeof schema === 'boolean') return schema;
  const s = normalize(schema as Schema, resolve);
  const passes = (sub: unknown, v: unknown = value) => accepts(sub, v, resolve);
  if (Array.isArray(s.anyOf) && !s.anyOf.some((b) => passes(b))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((b) => passes(b)).length !== 1) return false;
  if ('const' in s && !same(s.const, value)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((e) => same(e, value))) return false;
  const types = declaredTypes(s.type);
  if (types && !types.some((t) => hasType(value, t))) return false;
  const within = (n: number, low: unknown, high: unknown) => n >= (num(low) ?? -Infinity) && n <= (num(high) ?? Infinity);
  if (typeof value === 'string') {
    return within([...value].length, s.minLength, s.maxLength)
      && (typeof s.pattern !== 'string' || new RegExp(s.pattern, 'u').test(value))
      && (s.format !== 'email' || EMAIL.test(value))
      && (s.format !== 'date' || isDate(value));
  }
  if (typeof value === 'number') {
    return within(value, s.minimum, s.maximum) && value > (num(s.exclusiveMinimum) ?? -Infinity) && value < (num(s.exclusiveMaximum) ?? Infinity);
  }
  if (Array.isArray(value)) {
    return within(value.length, s.minItems, s.maxItems)
      && (s.items === undefined || value.every((v) => passes(s.items, v)))
      && (s.uniqueItems !== true || new Set(value.map((v) => JSON.stringify(v))).size === value.length);
  }
  if (isSchema(value)) {
    const properties = isSchema(s.properties) ? s.properties : {};
    return within(Object.keys(value).length, s.minProperties, s.maxProperties)
      && ((s.required ?? []) as string[]).every((k) => Object.hasOwn(value, k))
      && Object.entries(value).every(([k, v]) => (s.propertyNames === undefined || passes(s.propertyNames, k))
        && (Object.hasOwn(properties, k) ? passes(properties[k], v) : s.additionalProperties === undefined || passes(s.additionalProperties, v)));
  }
  return true;
}
