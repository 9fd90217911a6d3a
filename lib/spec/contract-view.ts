// The contract every implementation is held to: the spec without what it marks as the reference
// server's own choice (`x-reference-server-only`, docs/decisions.md). The spec as bundled is what
// the reference server enforces; this view is what the reference states plus the decisions recorded
// as contract. The suite checks other implementations against it, and the typed client is
// generated from it.
//
// `x-reference-server-only` on a schema object:
// - a list of keywords (`[maxLength]`): those keywords are the reference server's own;
// - `true`: every constraint of that object is (its structure stays: type, properties, required,
//   items, $ref, allOf, and its annotations);
// - `true` on an alternative of an `anyOf`/`oneOf`: the alternative itself is the reference server's
//   own (it accepts more than the contract: mark-as-paid's integer `invoice`).
import type { Json, JsonObject } from './bundle.js';

export const MARKER = 'x-reference-server-only';

/** Keywords `true` leaves in place: the structure of a value, and annotations. */
const STRUCTURE = new Set(['type', 'properties', 'required', 'items', '$ref', 'allOf', 'title', 'description', 'examples', 'example', 'default']);

const isObject = (node: Json | undefined): node is JsonObject => !!node && typeof node === 'object' && !Array.isArray(node);

/** Whether the contract drops `key` of a schema object marked with `marker`. */
export function droppedByMarker(marker: Json | undefined, key: string): boolean {
  if (marker === true) return !STRUCTURE.has(key) && !key.startsWith('x-');
  return Array.isArray(marker) && marker.includes(key);
}

const isOwnAlternative = (branch: Json) => isObject(branch) && branch[MARKER] === true;

/** The document (or any part of it) as every implementation must honour it. */
export function contractView<T extends Json>(node: T): T {
  if (Array.isArray(node)) return node.map((item) => contractView(item)) as T;
  if (!isObject(node)) return node;
  const marker = node[MARKER];
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (droppedByMarker(marker, key)) {
      // Without its rule for further properties an object takes any: say so (openapi-typescript
      // reads an object that says nothing of them as one that has none).
      if (key === 'additionalProperties' && value !== false) out[key] = true;
      continue;
    }
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.filter((branch) => !isOwnAlternative(branch)).map((branch) => contractView(branch));
    } else {
      out[key] = contractView(value);
    }
  }
  return out as T;
}
