// Reading the bundled spec (generated/openapi.json): the one place scripts, tests, the
// server and the contract suite get operations from.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SpecOperation {
  method: string; // upper case, e.g. "POST"
  path: string; // as in the spec, e.g. "/auth/login"
  operationId: string;
  security: 'bearer' | 'apiKey' | 'none';
  definition: JsonObject;
}

/**
 * The generated/ folder: this file, the server's build (dist/server/main.mjs) and the suite's command
 * in its package (dist/contract/jwi-contract.mjs, beside generated/openapi.json) sit two folders below it.
 */
export const generatedDir = fileURLToPath(new URL('../../generated/', import.meta.url));
export const bundlePath = `${generatedDir}openapi.json`;

export function loadBundle(path = bundlePath): JsonObject {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}

export function listOperations(spec: JsonObject): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    for (const method of HTTP_METHODS) {
      const definition = (item as JsonObject)[method] as JsonObject | undefined;
      if (!definition) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: String(definition.operationId),
        security: securityOf(definition),
        definition,
      });
    }
  }
  return operations;
}

function securityOf(operation: JsonObject): SpecOperation['security'] {
  const requirements = (operation.security ?? []) as JsonObject[];
  if (requirements.some((r) => 'bearerAuth' in r)) return 'bearer';
  if (requirements.some((r) => 'apiKey' in r)) return 'apiKey';
  return 'none';
}

/** What a local pointer (`#/components/...`) names in `spec`; undefined when nothing is there. */
export function pointerTarget(spec: JsonObject, pointer: string): Json | undefined {
  return pointer
    .slice(2)
    .split('/')
    .reduce<Json | undefined>((node, key) => (node as JsonObject | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
}

/** Follows a local `#/components/...` reference, or returns the node itself. */
export function deref<T extends Json>(spec: JsonObject, node: T): T {
  let current: Json | undefined = node;
  while (current && typeof current === 'object' && !Array.isArray(current) && typeof current.$ref === 'string') {
    current = pointerTarget(spec, current.$ref);
  }
  return current as T;
}
