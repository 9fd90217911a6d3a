// Boundary values of one field's schema: values just inside each of its limits (the schema
// accepts them), just outside (it rejects them), and probes: values past the sizes implementations
// store numbers and text in (int32, int64, 2^53, a NUL byte, 10,000 characters) whose acceptance the
// schema may leave open, sent to see that the target answers them without a server error.
// Candidates are derived per constraint, then judged against the whole schema by the spec's own
// validator (Ajv, lib/spec/validator.ts), so that with anyOf/oneOf a value is kept as outside only
// when every branch rejects it, and inside when one branch accepts it.
//
// Constraints the spec marks `x-reference-server-only` (docs/decisions.md) bind only the reference
// server. Without them (`referenceServerOnly: false`), candidates come from the contract's view of
// the schema (lib/spec/contract-view.ts), and a value is inside only when both the contract and the
// reference server accept it, outside only when both refuse it; where they disagree (a value only
// the reference server refuses, or one only it accepts) the value is a probe: a faithful
// implementation may answer it either way, the reference server included.
import fc from 'fast-check';
import { contractView } from '../../lib/spec/contract-view.js';
import type { Json } from '../../lib/spec/bundle.js';
import type { SchemaValidator } from '../../lib/spec/validator.js';
import { arbitraryFor, declaredTypes, normalize, typesOf, type Resolve, type Schema } from './schema-arbitrary.js';

export interface BoundaryValue {
  /** What the value tests, e.g. "maxLength 255", "minimum 1 - 1", "not in enum", "wrong type". */
  label: string;
  value: unknown;
  /** 'reference' where only the reference server's own rules put the value inside or outside. */
  tier?: 'reference';
}

/** The spec as boundariesOf reads it: its `$ref`s, and its validators as bundled and in the
 * contract's view (the suite's ContractModel is one). */
export interface JudgedSpec {
  resolve: Resolve;
  validator: SchemaValidator;
  contractValidator: SchemaValidator;
}

export interface Boundaries {
  /** Values the schema accepts, just inside its limits. */
  inside: BoundaryValue[];
  /** Values the schema rejects, just outside its limits. */
  outside: BoundaryValue[];
  /** Values whose acceptance the schema leaves open: the target may take or refuse them, but must answer. */
  probes: BoundaryValue[];
}

/** Characters tried, in order, to fill a string of some length that still matches a pattern. */
const FILLERS = ['a', '0', 'A', '_', '-', '.', ' '];
/** Characters tried, in order, in place of a matching string's first one to break the pattern
 * (a space last: servers often trim it away). */
const BREAKERS = ['#', '!', '~', ' ', 'é', 'a', '0'];
/** Values of each JSON type, tried in order for "wrong type". */
const OTHER_TYPES: unknown[] = ['abc', 123, true, null, [], {}];
const EMAIL_DOMAIN = '@example.com';
/** Seed of the one-off samples (a valid array item, a string matching a pattern): same output every run. */
const SEED = 42;
/** Past the sizes numbers are stored in: a 32-bit and a 64-bit integer, and the doubles that hold integers exactly. */
const HUGE: [string, number][] = [['past int32', 2 ** 31], ['past 2^53', 2 ** 53 + 2], ['past int64', 2 ** 63 + 2 ** 11]];
/** A string longer than any column or index a text of unstated length is likely kept in. */
const LONG = 10_000;

const isSchema = (value: unknown): value is Schema => !!value && typeof value === 'object' && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const hasType = (v: unknown, type: string) =>
  type === 'integer' ? Number.isInteger(v) : type === 'number' ? typeof v === 'number' : type === jsonType(v);
const sample = (schema: Schema, resolve: Resolve) => fc.sample(arbitraryFor(schema, resolve), { numRuns: 1, seed: SEED })[0];

/** Values just inside and just outside each constraint of ONE field's schema, and the probes; with
 * `referenceServerOnly: false`, of the constraints every implementation enforces only. */
export function boundariesOf(schema: Schema, spec: JudgedSpec, validExample?: unknown, { referenceServerOnly = true } = {}): Boundaries {
  const { resolve } = spec;
  const full: View = { schema, resolve, validator: spec.validator };
  const contract: View = { schema: contractView(schema as Json) as Schema, resolve: (ref: string) => contractView(resolve(ref) as Json) as Schema, validator: spec.contractValidator };
  // The views a value is judged by, the first also the one candidates come from.
  const views = referenceServerOnly ? [full] : [contract, full];
  const s = normalize(views[0]!.schema, views[0]!.resolve);
  const found: Boundaries = { inside: [], outside: [], probes: [] };
  const types = new Set<string>();
  for (const branch of branchesOf(s, views[0]!.resolve)) collect(branch, views[0]!.resolve, validExample, found, types);
  // One value of a JSON type none of the branches allows (none when some branch allows any type).
  const wrong = !types.has('*') ? OTHER_TYPES.find((v) => ![...types].some((t) => hasType(v, t))) : undefined;
  if (wrong !== undefined) found.outside.push({ label: `wrong type (${jsonType(wrong)})`, value: wrong });

  const verdict = (value: unknown) => {
    const accepted = views.map((view) => accepts(view, value));
    return accepted.every(Boolean) ? 'accepted' : accepted.some(Boolean) ? 'disputed' : 'refused';
  };
  const out: Boundaries = { inside: [], outside: [], probes: [] };
  for (const b of found.inside) ({ accepted: out.inside, disputed: out.probes, refused: [] as BoundaryValue[] })[verdict(b.value)].push(b);
  for (const b of found.outside) ({ accepted: [] as BoundaryValue[], disputed: out.probes, refused: out.outside })[verdict(b.value)].push(b);
  for (const b of found.probes) (verdict(b.value) === 'refused' ? out.outside : out.probes).push(b);
  // Judged by the spec as written, a value the contract judges otherwise tests a rule of the reference server's own.
  const own = (b: BoundaryValue): BoundaryValue =>
    referenceServerOnly && accepts(contract, b.value) !== accepts(full, b.value) ? { ...b, tier: 'reference' } : b;
  const inside = dedupe(out.inside).map(own);
  const outside = dedupe(out.outside).map(own);
  const listed = new Set([...inside, ...outside].map((b) => JSON.stringify(b.value)));
  return { inside, outside, probes: dedupe(out.probes).filter((b) => !listed.has(JSON.stringify(b.value))) };
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
    const fits = (v: unknown): v is string => typeof v === 'string' && re.test(v) && [...v].length >= (min ?? 0) && [...v].length <= (max ?? Infinity);
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
  // A NUL byte in the middle of a value of the allowed length, and a very long value when no length is stated.
  const base = typeof example === 'string' && example.length >= 3 ? example : filled(s, Math.max(min ?? 0, 3));
  const middle = Math.floor(base.length / 2);
  found.probes.push({ label: 'a NUL byte', value: `${base.slice(0, middle)}\u0000${base.slice(middle + 1)}` });
  if (max === undefined) found.probes.push({ label: `${LONG} characters`, value: filled(s, LONG) });
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
  for (const [label, value] of HUGE) found.probes.push({ label, value }, { label: label.replace('past', 'below minus'), value: -value });
}

function arrayBoundaries(s: Schema, resolve: Resolve, found: Boundaries): void {
  // Built from one valid item (a fixed sample); any item will do when `items` is absent.
  const item = isSchema(s.items) ? sample(s.items, resolve) : null;
  counts(s, ['minItems', 'maxItems'], (n) => Array.from({ length: n }, () => item), found);
}

/** The first of each value (by its JSON). */
function dedupe(values: BoundaryValue[]): BoundaryValue[] {
  const seen = new Set<string>();
  return values.filter((b) => !seen.has(JSON.stringify(b.value)) && !!seen.add(JSON.stringify(b.value)));
}

/** One way of reading the schema: as bundled, or in the contract's view. */
interface View {
  schema: Schema;
  resolve: Resolve;
  validator: SchemaValidator;
}

/** Whether the view's validator takes `value` (its `$ref`s lead into the same view of the spec). */
const accepts = (view: View, value: unknown): boolean => view.validator.validateAgainst(view.schema, value).length === 0;
