// Contract fidelity: for every request field of the reference's field tables, the spec has the
// required-ness, the type and each constraint the reference states; and everything the spec says
// beyond the reference, per keyword, in a request (a constraint, a default, another type, a field, a
// rule over the body) or in an answer (a pattern, a format, a bound, a closed list of values the
// reference does not print), names the docs/decisions.md entry that records why: `x-decision` on the
// schema object that says it or on the field's own schema (never higher), an entry whose `covers`
// lists that keyword and that field. Every status the spec documents is in the reference (its status
// table, or an example it prints) or in the decisions' table of statuses the reference does not
// list; every error code is one the reference prints, or one the billing-error-codes decision
// names; every method is ENDPOINTS.md's, and the reference's where its curl lines show one.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deref, listOperations, loadBundle, type Json, type JsonObject, type SpecOperation } from '../../lib/spec/bundle.js';
import { readPlannedOperations } from '../support/endpoints.js';
import { readReference, statusOfExample, type ReferenceField, type ReferenceSection } from '../support/reference.js';

const spec = loadBundle();
const operations = listOperations(spec);
const planned = readPlannedOperations();
const sections = readReference();
const decisions = readFileSync(fileURLToPath(new URL('../../docs/decisions.md', import.meta.url)), 'utf8');
const errorStatus = (deref(spec, { $ref: '#/components/schemas/ErrorCode' }) as JsonObject)['x-http-status'] as Record<string, number>;

/** The ids of the decisions.md tables (first column, in backticks): what `x-decision` names. */
const DECISION_IDS = new Set([...decisions.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]!));

/** What each decision covers (its `covers` column: "`kw`, `kw` of `field`, `field`; ..."): keyword -> fields. */
export function coversOf(cell: string): Map<string, Set<string>> {
  const covers = new Map<string, Set<string>>();
  for (const group of cell.split(';')) {
    const [keywords, fields] = group.split(' of ');
    if (fields === undefined) continue;
    const names = [...fields.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const [, keyword] of keywords!.matchAll(/`([^`]+)`/g)) covers.set(keyword!, new Set([...(covers.get(keyword!) ?? []), ...names]));
  }
  return covers;
}
const COVERS = new Map([...decisions.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]*) \|/gm)].map((m) => [m[1]!, coversOf(m[2]!)]));

/** Whether the decision `id` covers `keyword` of a field known by one of `names`. */
const covered = (id: string | undefined, keyword: string, names: string[]) =>
  id !== undefined && names.some((name) => COVERS.get(id)?.get(keyword)?.has(name) === true);

// ---- what the reference states about a field ------------------------------------------------

interface Stated { keyword: string; value: Json }

/** JSON types of each type the field tables use ('' where the scrape lost the type: any). */
const TYPES: Record<string, string[]> = {
  string: ['string'], integer: ['integer'], numeric: ['number'], boolean: ['boolean'], object: ['object'],
  'array[string]': ['array'], file: ['string'], '': [],
};

const literal = (text: string, type: string): Json | undefined => {
  if (type === 'integer') return /^\d+$/.test(text) ? Number(text) : undefined;
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  return text;
};

/** The constraints a field's note states, as the JSON Schema keywords that say them. */
export function statedBy(field: ReferenceField): Stated[] {
  const { note, type } = field;
  const stated: Stated[] = [];
  if (type === 'file') return stated; // "image jpg/jpeg/png/gif, max 2MB": the server checks the content, not a schema
  const max = /\bmax (\d+)\b/i.exec(note), min = /\bmin (\d+)\b/i.exec(note);
  if (max) stated.push({ keyword: type === 'integer' ? 'maximum' : 'maxLength', value: Number(max[1]) });
  if (min) stated.push({ keyword: type === 'integer' ? 'minimum' : 'minLength', value: Number(min[1]) });
  const digits = /(\d+)-(\d+) digit/.exec(note);
  if (digits) {
    stated.push({ keyword: 'minimum', value: Number(digits[1]) === 1 ? 0 : 10 ** (Number(digits[1]) - 1) });
    stated.push({ keyword: 'maximum', value: 10 ** Number(digits[2]) - 1 });
  }
  const range = /^(\d+)-(\d+)$/.exec(note);
  if (range) stated.push({ keyword: 'minimum', value: Number(range[1]) }, { keyword: 'maximum', value: Number(range[2]) });
  const characters = /huruf\/angka\/_\/- \((\d+)-(\d+) karakter\)/.exec(note);
  if (characters) stated.push({ keyword: 'pattern', value: `^[A-Za-z0-9_-]{${characters[1]},${characters[2]}}$` });
  const fallback = /\bdefault:? (.+?)(?:\.\s|\.$|,\s|$)/i.exec(note);
  const value = fallback ? literal(fallback[1]!, type) : undefined;
  if (value !== undefined && !/tahun berjalan/.test(note)) stated.push({ keyword: 'default', value });
  const options = note.includes(' | ') ? note.replace(/^.*: /, '').split(' | ')
    : note.includes(' / ') ? note.replace(/^.*Opsi: /, '').split(' / ')
      : /^(\w+) atau (\w+)$/.exec(note)?.slice(1);
  if (options) stated.push({ keyword: 'enum', value: options });
  return stated;
}

// ---- what the spec says about a field -------------------------------------------------------

/** Keywords that constrain or complete a value (each must come from the reference or a decision). */
const CONSTRAINTS = [
  'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'enum', 'const', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'default',
];

interface Said {
  keyword: string;
  value: Json;
  /** The nearest `x-decision` from the field's own schema down to the object that says it. */
  decision: string | undefined;
  /** The component the keyword sits in (`Password`), when it sits in one. */
  component: string | undefined;
  /** Nested in items, additionalProperties or propertyNames (not the field's own value). */
  nested: boolean;
}

interface FieldSchema { types: { type: string; decision: string | undefined; component: string | undefined }[]; said: Said[] }

function describeSchema(schema: Json): FieldSchema {
  const out: FieldSchema = { types: [], said: [] };
  const walk = (node: Json, decision: string | undefined, component: string | undefined, nested: boolean): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const here = typeof node['x-decision'] === 'string' ? node['x-decision'] : decision;
    if (typeof node.$ref === 'string') walk(deref(spec, { $ref: node.$ref }), here, /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1] ?? component, nested);
    for (const keyword of CONSTRAINTS) if (keyword in node) out.said.push({ keyword, value: node[keyword]!, decision: here, component, nested });
    if (node.type !== undefined) {
      for (const type of [node.type].flat() as string[]) {
        if (nested) out.said.push({ keyword: 'type', value: type, decision: here, component, nested });
        else out.types.push({ type, decision: here, component });
      }
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      if (key === 'anyOf' || key === 'oneOf') if (Array.isArray(node[key])) out.said.push({ keyword: key, value: null, decision: here, component, nested });
      for (const branch of (node[key] ?? []) as Json[]) walk(branch, here, component, nested);
    }
    for (const key of ['items', 'additionalProperties', 'propertyNames'] as const) {
      if (key in node) {
        if (key !== 'items') out.said.push({ keyword: key, value: typeof node[key] === 'object' ? null : node[key]!, decision: here, component, nested: true });
        if (typeof node[key] === 'object') walk(node[key]!, here, component, true);
      }
    }
  };
  walk(schema, undefined, undefined, false);
  return out;
}

const same = (a: Json, b: Json) =>
  Array.isArray(a) && Array.isArray(b) ? [...a].map(String).sort().join('|') === [...b].map(String).sort().join('|') : JSON.stringify(a) === JSON.stringify(b);

// ---- the request of an operation, as the spec describes it ----------------------------------

interface SpecField { name: string; where: 'query' | 'body'; required: boolean; schema: Json }
interface SpecRequest { fields: SpecField[]; body: JsonObject | undefined }

function requestOf(op: SpecOperation): SpecRequest {
  const fields: SpecField[] = ((op.definition.parameters ?? []) as Json[])
    .map((p) => deref(spec, p) as JsonObject)
    .filter((p) => p.in === 'query')
    .map((p) => ({ name: String(p.name), where: 'query' as const, required: p.required === true, schema: p.schema! }));
  const content = ((op.definition.requestBody as JsonObject | undefined)?.content ?? {}) as JsonObject;
  const media = (content['application/json'] ?? content['multipart/form-data']) as JsonObject | undefined;
  const body = media ? (deref(spec, media.schema as JsonObject) as JsonObject) : undefined;
  const required = new Set((body?.required ?? []) as string[]);
  for (const [name, schema] of Object.entries((body?.properties ?? {}) as JsonObject)) {
    fields.push({ name, where: 'body', required: required.has(name), schema });
  }
  return { fields, body };
}

/** "one of `a` or `b` is required", as the reference says it in a note or a status description. */
function statedAlternatives(section: ReferenceSection): string[][] {
  const texts = [...section.fields.map((f) => f.note), ...section.statusDescriptions];
  return texts.flatMap((text) => {
    const m = /(\w+)\/(\w+) wajib ada salah satu/.exec(text) ?? /Wajib isi (\w+) atau (\w+)/.exec(text);
    return m ? [[m[1]!, m[2]!]] : [];
  });
}

/** What the spec says about a body beyond its fields' own schemas. */
const BODY_KEYWORDS = ['anyOf', 'oneOf', 'allOf', 'not', 'if', 'dependentRequired', 'minProperties', 'maxProperties', 'propertyNames', 'additionalProperties'];

// ---- the problems ---------------------------------------------------------------------------

function fieldProblems(section: ReferenceSection, op: SpecOperation): string[] {
  const problems: string[] = [];
  const request = requestOf(op);
  for (const field of section.fields) {
    const found = request.fields.find((f) => f.name === field.name);
    if (!found) {
      problems.push(`${field.name}: in the reference, not in the spec`);
      continue;
    }
    const where = `${field.name} (${found.where})`;
    if (found.required !== field.required) {
      problems.push(`${where}: the reference says ${field.required ? 'required' : 'optional'}, the spec ${found.required ? 'required' : 'optional'}`);
    }
    const described = describeSchema(found.schema);
    const names = (component: string | undefined) => [field.name, ...(component ? [component] : [])];
    const expected = TYPES[field.type];
    if (expected === undefined) throw new Error(`reference type "${field.type}" of ${field.name} is not known to this test`);
    if (expected.length > 0) {
      const types = new Set(described.types.map((t) => t.type));
      for (const type of expected) if (!types.has(type)) problems.push(`${where}: the reference says ${field.type}, the spec does not accept ${type}`);
      for (const { type, decision, component } of described.types) {
        if (!expected.includes(type) && !covered(decision, 'type', names(component))) problems.push(`${where}: the spec also accepts ${type}, and no x-decision covers its type`);
      }
    }
    const stated = statedBy(field);
    for (const s of stated) {
      const has = described.said.some((d) => !d.nested && d.keyword === s.keyword && same(d.value, s.value));
      if (!has) problems.push(`${where}: the reference states ${s.keyword} ${JSON.stringify(s.value)}, the spec does not`);
    }
    for (const d of described.said) {
      if (!d.nested && stated.some((s) => s.keyword === d.keyword && same(d.value, s.value))) continue;
      // "required" is Laravel's rule, which refuses an empty string (decisions.md, required-non-empty).
      if (!d.nested && d.keyword === 'minLength' && d.value === 1 && field.required && field.type === 'string') continue;
      if (field.type === 'file' && d.keyword === 'format' && d.value === 'binary') continue;
      if (field.type === 'array[string]' && d.nested && d.keyword === 'type' && d.value === 'string') continue;
      // An anyOf/oneOf is a structure; what its branches say is checked keyword by keyword.
      if ((d.keyword === 'anyOf' || d.keyword === 'oneOf') && d.decision === undefined && described.types.length > 0 && expected.length > 0 && described.types.every((t) => expected.includes(t.type))) continue;
      if (covered(d.decision, d.keyword, names(d.component))) continue;
      problems.push(`${where}: ${d.nested ? 'nested ' : ''}${d.keyword}${d.value === null ? '' : ` ${JSON.stringify(d.value)}`} is not in the reference, and ${d.decision ? `x-decision ${d.decision} does not cover it (its covers column)` : 'names no x-decision'}`);
    }
  }
  for (const found of request.fields) {
    if (section.fields.some((f) => f.name === found.name)) continue;
    // A field a note names ("sertakan password_confirmation") has what that note's field has.
    const namer = section.fields.find((f) => new RegExp(`\\b${found.name}\\b`).test(f.note));
    const decision = [found.schema, deref(spec, found.schema)].map((s) => (s as JsonObject)['x-decision']).find((d): d is string => typeof d === 'string');
    if (!namer && !covered(decision, 'field', [found.name])) problems.push(`${found.name} (${found.where}): not in the reference, and no x-decision covers the field`);
    const stated = namer ? statedBy(namer) : [];
    for (const d of describeSchema(found.schema).said) {
      if (!d.nested && stated.some((s) => s.keyword === d.keyword && same(d.value, s.value))) continue;
      if (!d.nested && d.keyword === 'minLength' && d.value === 1 && found.required) continue; // required-non-empty
      if (covered(d.decision, d.keyword, [found.name, ...(d.component ? [d.component] : [])])) continue;
      problems.push(`${found.name} (${found.where}): ${d.keyword}${d.value === null ? '' : ` ${JSON.stringify(d.value)}`} is stated neither by the reference${namer ? ` (for ${namer.name})` : ''} nor by a decision that covers it`);
    }
  }
  if (request.body) {
    const alternatives = statedAlternatives(section).filter((pair) => pair.every((name) => request.fields.some((f) => f.name === name && f.where === 'body')));
    for (const pair of alternatives) {
      const anyOf = (request.body.anyOf ?? []) as JsonObject[];
      const expressed = pair.every((name) => anyOf.some((branch) => same(branch.required!, [name])));
      if (!expressed) problems.push(`the reference requires one of ${pair.join(' or ')}: the body schema does not say so (anyOf of required)`);
    }
    const decision = typeof request.body['x-decision'] === 'string' ? request.body['x-decision'] : undefined;
    for (const keyword of BODY_KEYWORDS.filter((k) => k in request.body!)) {
      if (keyword === 'anyOf' && alternatives.length > 0) continue;
      if (!covered(decision, keyword, [String(request.body.title)])) problems.push(`body: ${keyword} is not in the reference, and no x-decision covers it`);
    }
  }
  return problems;
}

// ---- statuses -------------------------------------------------------------------------------

interface StatusDecision { who: string[]; statuses: string[] }

/** The rows of decisions.md's "Statuses the reference does not list": whom each concerns, which statuses. */
function statusDecisions(): StatusDecision[] {
  const start = decisions.indexOf('## Statuses the reference does not list');
  const table = decisions.slice(start, decisions.indexOf('\n## ', start + 1));
  return table.split('\n').filter((line) => /^\| (every|`)/.test(line)).map((line) => {
    const [who, added] = line.split(' | ').map((cell) => cell.replace(/^\| /, ''));
    const ops = [...who!.matchAll(/`([A-Z]+ \/[^`]+)`/g)].map((m) => m[1]!);
    return { who: ops.length > 0 ? ops : [who!.trim()], statuses: [...added!.matchAll(/\b([1-5]\d\d)\b/g)].map((m) => m[1]!) };
  });
}

function decidedStatuses(op: SpecOperation): Set<string> {
  const key = `${op.method} ${op.path}`;
  const hasInput = op.definition.parameters !== undefined || op.definition.requestBody !== undefined;
  const concerns = (who: string) => who === key || who === 'every operation'
    || (who === 'every operation with input' && hasInput)
    || (who === 'every bearer operation' && op.security === 'bearer')
    || (who === 'every API-key operation' && op.security === 'apiKey');
  return new Set(statusDecisions().filter((d) => d.who.some(concerns)).flatMap((d) => d.statuses));
}

// ---- the spec's extensions ------------------------------------------------------------------

/** Every object of the spec carrying `key`, with its JSON pointer. */
function carrying(key: string, node: Json = spec, pointer = '#'): { pointer: string; node: JsonObject }[] {
  if (!node || typeof node !== 'object') return [];
  const here = !Array.isArray(node) && key in node ? [{ pointer, node }] : [];
  const children = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
  return [...here, ...children.flatMap(([k, v]) => carrying(key, v, `${pointer}/${k}`))];
}

// ---- the tests ------------------------------------------------------------------------------

const cases = sections.map((section, index) => {
  const plan = planned[index]!;
  const op = operations.find((o) => o.method === plan.method && o.path === plan.path)!;
  return [`${plan.method} ${plan.path}`, { section, plan, op }] as const;
});

describe('fidelity to the reference', () => {
  it('reads the 82 field rows and 110 status rows of the reference', () => {
    expect(sections.flatMap((s) => s.fields)).toHaveLength(82);
    expect(sections.flatMap((s) => s.statuses)).toHaveLength(110);
  });

  it.each(cases)('%s: each request field as the reference states it; anything more names a decision', (_, { section, op }) => {
    expect(fieldProblems(section, op)).toEqual([]);
  });

  it.each(cases)('%s: each documented status is in the reference or in decisions.md', (_, { section, plan, op }) => {
    const referenced = new Set([
      plan.success, ...section.statuses,
      ...section.examples.map((e) => statusOfExample(e as Record<string, unknown>, plan.success, errorStatus)),
    ]);
    const decided = decidedStatuses(op);
    const unrecorded = Object.keys(op.definition.responses as JsonObject).filter((s) => !referenced.has(s) && !decided.has(s));
    expect(unrecorded, 'statuses neither in the reference nor in decisions.md').toEqual([]);
  });

  it('every x-decision names an entry of docs/decisions.md', () => {
    const named = carrying('x-decision');
    expect(named.length).toBeGreaterThan(0);
    for (const { pointer, node } of named) expect(DECISION_IDS, `${pointer}: ${String(node['x-decision'])}`).toContain(node['x-decision']);
  });

  it('every x-reference-server-only names its decision, and lists keywords its schema has', () => {
    for (const { pointer, node } of carrying('x-reference-server-only')) {
      expect(typeof node['x-decision'], `${pointer}: x-decision`).toBe('string');
      const only = node['x-reference-server-only'];
      if (only === true) continue;
      expect(Array.isArray(only), `${pointer}: true or a list of keywords`).toBe(true);
      for (const keyword of only as string[]) expect(Object.keys(node), `${pointer}: ${keyword}`).toContain(keyword);
    }
  });
});

// ---- answers -------------------------------------------------------------------------------

const referenceText = readFileSync(fileURLToPath(new URL('../../docs/reference/jwi-api-reference.txt', import.meta.url)), 'utf8');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether the reference shows `value`: as a JSON value in an example (`"success"`, `false`, `1`),
 * or, for text, as a word of its prose or notes (`online/offline/isolir`, `Male atau Female`). */
const printed = (value: Json) => new RegExp(`:\\s*${escapeRegExp(JSON.stringify(value))}\\s*[,\\n}]`).test(referenceText)
  || (typeof value === 'string' && new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(value)}($|[^A-Za-z0-9_])`, 'm').test(referenceText));
/** What the reference states for a request field of this name, in any section. */
const statedForField = new Map<string, Stated[]>();
for (const section of sections) for (const field of section.fields) statedForField.set(field.name, [...(statedForField.get(field.name) ?? []), ...statedBy(field)]);

/** Every keyword an answer's schema says beyond the reference, with the field it is about. */
function answerProblems(op: SpecOperation): string[] {
  const problems: string[] = [];
  const seen = new Set<Json>();
  const walk = (node: Json, field: string, decision: string | undefined, component: string | undefined, where: string): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node) || seen.has(node)) return;
    seen.add(node);
    const here = typeof node['x-decision'] === 'string' ? node['x-decision'] : decision;
    if (typeof node.$ref === 'string') {
      const name = /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1];
      walk(deref(spec, { $ref: node.$ref }), field, here, name ?? component, name ?? where);
    }
    for (const keyword of CONSTRAINTS.filter((k) => k in node && k !== 'default')) {
      const value = node[keyword]!;
      const names = [field, ...(component ? [component] : [])];
      if (covered(here, keyword, names)) continue;
      if ((keyword === 'const' || keyword === 'enum') && [value].flat().every((v) => v === null || printed(v))) continue;
      if ((statedForField.get(field) ?? []).some((s) => s.keyword === keyword && same(s.value, value))) continue;
      problems.push(`${where} ${field}: ${keyword} ${JSON.stringify(value)} is neither printed by the reference nor covered by ${here ? `x-decision ${here}` : 'an x-decision'}`);
    }
    for (const [name, sub] of Object.entries((node.properties ?? {}) as JsonObject)) walk(sub, name, undefined, component, where);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) for (const branch of (node[key] ?? []) as Json[]) walk(branch, field, here, component, where);
    if (node.items && typeof node.items === 'object') walk(node.items, field, here, component, where);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties, field, here, component, where);
  };
  for (const [status, response] of Object.entries(op.definition.responses as JsonObject)) {
    const resolved = deref(spec, response) as JsonObject;
    for (const media of Object.values((resolved.content ?? {}) as JsonObject)) {
      seen.clear();
      walk((media as JsonObject).schema!, '(body)', undefined, undefined, `${status}`);
    }
  }
  return [...new Set(problems)];
}

describe('fidelity of the answers, error codes and methods', () => {
  it.each(cases)('%s: what its answers say beyond the reference\'s examples names a decision', (_, { op }) => {
    expect(answerProblems(op)).toEqual([]);
  });

  it('the error codes are the six the reference prints, and the reference server\'s own that billing-error-codes names', () => {
    const errorCode = deref(spec, { $ref: '#/components/schemas/ErrorCode' }) as JsonObject;
    const printedCodes = new Set([...referenceText.matchAll(/"error_code": "([A-Z_]+)"/g)].map((m) => m[1]!));
    expect(new Set(errorCode['x-stated-by-reference'] as string[])).toEqual(printedCodes);
    const known = errorCode['x-extensible-enum'] as string[];
    expect(known, 'the reference server\'s closed list is the list of known codes').toEqual(errorCode.enum);
    const row = decisions.split('\n').find((line) => line.startsWith('| `billing-error-codes` |'))!;
    for (const code of known.filter((c) => !printedCodes.has(c))) expect(row, code).toContain(`\`${code}\``);
  });

  it.each(cases)('%s: its method is ENDPOINTS.md\'s, and the reference\'s where a curl line shows it', (_, { plan, op }) => {
    expect(op.method).toBe(plan.method);
    const shown = [...referenceText.matchAll(/curl -X ([A-Z]+) "https:\/\/api\.jwi\.id\/api([^"?]+)/g)].filter((m) => m[2] === op.path).map((m) => m[1]);
    for (const method of shown) expect(op.method).toBe(method);
  });
});

describe('the fidelity checks themselves', () => {
  const field = (type: string, note: string, required = true): ReferenceField => ({ name: 'f', type, required, note });

  it('read what a decision covers, keyword by keyword', () => {
    const covers = coversOf('`minimum`, `maximum` of `page`; `minimum` of `per_page`, `Page`');
    expect(covers.get('minimum')).toEqual(new Set(['page', 'per_page', 'Page']));
    expect(covers.get('maximum')).toEqual(new Set(['page']));
    expect(coversOf('`minLength` of every required string (applied by the fidelity test)').get('minLength')).toEqual(new Set());
  });

  it('read the constraints of the notes', () => {
    expect(statedBy(field('string', 'Max 255'))).toEqual([{ keyword: 'maxLength', value: 255 }]);
    expect(statedBy(field('string', 'Min 6, sertakan password_confirmation'))).toEqual([{ keyword: 'minLength', value: 6 }]);
    expect(statedBy(field('integer', 'Digit saja, 8-15 digit'))).toEqual([{ keyword: 'minimum', value: 1e7 }, { keyword: 'maximum', value: 999999999999999 }]);
    expect(statedBy(field('integer', 'Default 20, max 100', false))).toEqual([{ keyword: 'maximum', value: 100 }, { keyword: 'default', value: 20 }]);
    expect(statedBy(field('string', 'Default BELUM BAYAR. Opsi: SUDAH BAYAR / BELUM BAYAR / paid / unpaid / all', false))).toEqual([
      { keyword: 'default', value: 'BELUM BAYAR' }, { keyword: 'enum', value: ['SUDAH BAYAR', 'BELUM BAYAR', 'paid', 'unpaid', 'all'] },
    ]);
    expect(statedBy(field('string', 'Filter delivery status: pending | sent | failed', false))).toEqual([{ keyword: 'enum', value: ['pending', 'sent', 'failed'] }]);
    expect(statedBy(field('string', 'Male atau Female', false))).toEqual([{ keyword: 'enum', value: ['Male', 'Female'] }]);
    expect(statedBy(field('string', 'Email atau nomor layanan'))).toEqual([]);
    expect(statedBy(field('integer', 'Default tahun berjalan.', false))).toEqual([]);
    expect(statedBy(field('string', 'Pisahkan koma, default pending,process. Gunakan all untuk tanpa filter.', false))).toEqual([{ keyword: 'default', value: 'pending,process' }]);
  });
});
