// Reading the bundled spec as a JSON document: its operations and its local references. Nothing
// here touches the file system, so that what runs in a browser (the MSW handlers of mock/msw/)
// reads the spec the same way as the scripts, the server and the suite.
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
/** A key as a segment of a JSON pointer (`/` and `~` escaped): the inverse of what pointerTarget reads. */
export const pointerSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

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

/** A documented response of an operation and the pointer to where it is written: a `$ref`'d (shared)
 * response's own place, so that pointers into its content and headers resolve. */
export function documentedResponse(spec: JsonObject, path: string, method: string, status: string): { pointer: string; response: JsonObject } | undefined {
  let pointer = `#/paths/${pointerSegment(path)}/${method.toLowerCase()}/responses/${status}`;
  let response = pointerTarget(spec, pointer);
  while (response && typeof response === 'object' && !Array.isArray(response) && typeof response.$ref === 'string') {
    pointer = response.$ref;
    response = pointerTarget(spec, pointer);
  }
  return response && typeof response === 'object' && !Array.isArray(response) ? { pointer, response } : undefined;
}
