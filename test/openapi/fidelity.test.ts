// Contract fidelity: for every request field of the reference's field tables, the spec has the
// required-ness, the type and each constraint the reference states; and everything the spec says
// about a request beyond the reference (a constraint, a default, another type, a field, a rule
// over the body) names the docs/decisions.md entry that records why, with `x-decision` on the
// schema that says it. Every status the spec documents is in the reference (its status table, or
// an example it prints) or in the decisions' table of statuses the reference does not list.
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
  /** Whether the schema saying it, or one around it, names a decision (`x-decision`). */
  decided: boolean;
  /** Nested in items, additionalProperties or propertyNames (not the field's own value). */
  nested: boolean;
}

interface FieldSchema { types: { type: string; decided: boolean }[]; said: Said[] }

function describeSchema(schema: Json): FieldSchema {
  const out: FieldSchema = { types: [], said: [] };
  const walk = (node: Json, decided: boolean, nested: boolean): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const here = decided || typeof node['x-decision'] === 'string';
    if (typeof node.$ref === 'string') walk(deref(spec, { $ref: node.$ref }), here, nested);
    for (const keyword of CONSTRAINTS) if (keyword in node) out.said.push({ keyword, value: node[keyword]!, decided: here, nested });
    if (node.type !== undefined) {
      for (const type of [node.type].flat() as string[]) {
        if (nested) out.said.push({ keyword: 'type', value: type, decided: here, nested });
        else out.types.push({ type, decided: here });
      }
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) for (const branch of (node[key] ?? []) as Json[]) walk(branch, here, nested);
    for (const key of ['items', 'additionalProperties', 'propertyNames'] as const) {
      if (key in node) {
        if (typeof node[key] === 'object') walk(node[key]!, here, true);
        else out.said.push({ keyword: key, value: node[key]!, decided: here, nested: true });
      }
    }
  };
  walk(schema, false, false);
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
  const notes = section.fields.map((f) => f.note).join(' ');
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
    const expected = TYPES[field.type];
    if (expected === undefined) throw new Error(`reference type "${field.type}" of ${field.name} is not known to this test`);
    if (expected.length > 0) {
      const types = new Set(described.types.map((t) => t.type));
      for (const type of expected) if (!types.has(type)) problems.push(`${where}: the reference says ${field.type}, the spec does not accept ${type}`);
      for (const { type, decided } of described.types) {
        if (!expected.includes(type) && !decided) problems.push(`${where}: the spec also accepts ${type}, with no x-decision`);
      }
    }
    const stated = statedBy(field);
    for (const s of stated) {
      const has = described.said.some((d) => !d.nested && d.keyword === s.keyword && same(d.value, s.value));
      if (!has) problems.push(`${where}: the reference states ${s.keyword} ${JSON.stringify(s.value)}, the spec does not`);
    }
    for (const d of described.said) {
      if (d.decided) continue;
      if (!d.nested && stated.some((s) => s.keyword === d.keyword && same(d.value, s.value))) continue;
      // "required" is Laravel's rule, which refuses an empty string (decisions.md, required-non-empty).
      if (!d.nested && d.keyword === 'minLength' && d.value === 1 && field.required && field.type === 'string') continue;
      if (field.type === 'file' && d.keyword === 'format' && d.value === 'binary') continue;
      if (field.type === 'array[string]' && d.nested && d.keyword === 'type' && d.value === 'string') continue;
      problems.push(`${where}: ${d.nested ? 'nested ' : ''}${d.keyword} ${JSON.stringify(d.value)} is not in the reference, and names no x-decision`);
    }
  }
  for (const found of request.fields) {
    if (section.fields.some((f) => f.name === found.name)) continue;
    const named = new RegExp(`\\b${found.name}\\b`).test(notes);
    const decided = [found.schema, deref(spec, found.schema)].some((s) => typeof (s as JsonObject)['x-decision'] === 'string');
    if (!named && !decided) problems.push(`${found.name} (${found.where}): not in the reference, and names no x-decision`);
  }
  if (request.body) {
    const alternatives = statedAlternatives(section).filter((pair) => pair.every((name) => request.fields.some((f) => f.name === name && f.where === 'body')));
    for (const pair of alternatives) {
      const anyOf = (request.body.anyOf ?? []) as JsonObject[];
      const expressed = pair.every((name) => anyOf.some((branch) => same(branch.required!, [name])));
      if (!expressed) problems.push(`the reference requires one of ${pair.join(' or ')}: the body schema does not say so (anyOf of required)`);
    }
    const bodyDecided = typeof request.body['x-decision'] === 'string';
    for (const keyword of BODY_KEYWORDS.filter((k) => k in request.body!)) {
      if (keyword === 'anyOf' && alternatives.length > 0) continue;
      if (!bodyDecided) problems.push(`body: ${keyword} is not in the reference, and names no x-decision`);
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

describe('the fidelity checks themselves', () => {
  const field = (type: string, note: string, required = true): ReferenceField => ({ name: 'f', type, required, note });

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
