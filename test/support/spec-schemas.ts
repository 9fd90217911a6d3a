// The bundled spec as the generator tests read it: its validator, a $ref resolver, and its
// component schemas and parameters.
import { deref, loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { createSpecValidator } from '../../lib/spec/validator.js';
import type { Resolve, Schema } from '../../contract-tests/generators/schema-arbitrary.js';

export const spec = loadBundle();
export const validator = createSpecValidator(spec);
export const resolve: Resolve = (ref) => deref(spec, { $ref: ref }) as Schema;
const components = spec.components as JsonObject;
export const schemas = components.schemas as Record<string, Schema>;
export const parameters = components.parameters as Record<string, Schema>;
