// Reading the bundled spec (generated/openapi.json): the one place scripts, tests, the
// server and the contract suite get operations from. What reads the document itself
// (operations, references) is in document.ts, which a browser can load too.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from './document.js';

export { HTTP_METHODS, deref, documentedResponse, listOperations, pointerSegment, pointerTarget, type Json, type JsonObject, type SpecOperation } from './document.js';

/**
 * The generated/ folder: this file, the server's build (dist/server/main.mjs) and the suite's command
 * in its package (dist/contract/jwi-contract.mjs, beside generated/openapi.json) sit two folders below it.
 */
export const generatedDir = fileURLToPath(new URL('../../generated/', import.meta.url));
export const bundlePath = `${generatedDir}openapi.json`;

export function loadBundle(path = bundlePath): JsonObject {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}
