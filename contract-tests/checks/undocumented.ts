// What a response carries beyond what its schema declares: properties no schema names, and values
// of open enums (`x-extensible-enum`) the spec does not list. Neither breaks a client (response
// objects and enums stay open), so both are reference-server findings: listed in every report, and
// failed only where the reference server's own rules bind (the reference profile, --strict).
import type { Json, JsonObject } from '../../lib/spec/bundle.js';
import { documented, excerpt, fail, pass, type Check } from './types.js';

type Resolve = (ref: string) => JsonObject;

const isObject = (node: unknown): node is JsonObject => !!node && typeof node === 'object' && !Array.isArray(node);

/** The schema and what it is made of: `$ref`s followed, `allOf`, `anyOf` and `oneOf` parts flattened. */
function parts(schema: Json | undefined, resolve: Resolve, seen = new Set<Json>()): JsonObject[] {
  if (!isObject(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const own = typeof schema.$ref === 'string' ? parts(resolve(schema.$ref), resolve, seen) : [];
  const nested = (['allOf', 'anyOf', 'oneOf'] as const).flatMap((key) =>
    (Array.isArray(schema[key]) ? (schema[key] as Json[]) : []).flatMap((branch) => parts(branch, resolve, seen)));
  return [schema, ...own, ...nested];
}

export interface Undocumented {
  /** Paths of properties no schema declares, e.g. `data[].updated_at`. */
  properties: string[];
  /** `path: value` of open-enum values the spec does not list. */
  values: string[];
}

/** Walks `value` along `schema`: what it carries that the schema does not declare. */
export function undocumented(schema: Json, value: unknown, resolve: Resolve, path = '', found: Undocumented = { properties: [], values: [] }): Undocumented {
  const schemas = parts(schema, resolve);
  if (Array.isArray(value)) {
    const items = schemas.map((s) => s.items).filter((s): s is JsonObject => isObject(s));
    // Every item is walked; a path is reported once.
    for (const item of value) for (const s of items) undocumented(s, item, resolve, `${path}[]`, found);
  } else if (isObject(value)) {
    // A schema that allows any further property (a map, `additionalProperties: {...}`) declares them all.
    const open = schemas.some((s) => isObject(s.additionalProperties) || s.additionalProperties === true || isObject(s.patternProperties));
    for (const [key, inner] of Object.entries(value)) {
      const declaring = schemas.map((s) => (s.properties as JsonObject | undefined)?.[key]).filter((s): s is Json => s !== undefined);
      const where = path ? `${path}.${key}` : key;
      if (declaring.length === 0) {
        if (!open) found.properties.push(where);
        for (const s of schemas) if (isObject(s.additionalProperties)) undocumented(s.additionalProperties, inner, resolve, where, found);
        continue;
      }
      for (const s of declaring) undocumented(s, inner, resolve, where, found);
    }
  } else if (typeof value === 'string') {
    const known = schemas.map((s) => s['x-extensible-enum']).filter((list): list is Json[] => Array.isArray(list));
    if (known.length > 0 && !known.some((list) => list.includes(value))) found.values.push(`${path || '(body)'}: ${JSON.stringify(value)}`);
  }
  found.properties = [...new Set(found.properties)];
  found.values = [...new Set(found.values)];
  return found;
}

/** Both checks read one walk of an exchange's body. */
const walked = new WeakMap<object, Undocumented | undefined>();

function findings(ctx: Parameters<Check>[0]): Undocumented | undefined {
  if (walked.has(ctx.exchange)) return walked.get(ctx.exchange);
  const response = documented(ctx);
  const json = ctx.exchange.response?.json;
  const found = !response?.schemaPointer || json === undefined ? undefined : undocumented({ $ref: response.schemaPointer }, json, ctx.contract.resolve);
  walked.set(ctx.exchange, found);
  return found;
}

export const undocumentedProperty: Check = (ctx) => {
  const found = findings(ctx);
  if (!found) return undefined;
  return found.properties.length === 0
    ? pass('undocumented_property')
    : { ...fail('undocumented_property', `only the properties ${documented(ctx)!.schemaPointer!.replace(/^#\//, '')} declares`,
      `${found.properties.join(', ')} in ${excerpt(ctx.exchange.response!.text)}`), subject: found.properties.join(', ') };
};

export const undocumentedEnumValue: Check = (ctx) => {
  const found = findings(ctx);
  if (!found) return undefined;
  return found.values.length === 0
    ? pass('undocumented_enum_value')
    : fail('undocumented_enum_value', 'values the spec lists (x-extensible-enum)', found.values.join(', '));
};
