// The bundled spec as the generator tests read it: its validators, a $ref resolver, and its
// component schemas and parameters.
import { deref, loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { contractView } from '../../lib/spec/contract-view.js';
import { createSchemaValidator } from '../../lib/spec/validator.js';
import type { JudgedSpec } from '../../contract-tests/generators/boundaries.js';
import type { Resolve, Schema } from '../../contract-tests/generators/schema-arbitrary.js';

export const spec = loadBundle();
export const validator = createSchemaValidator(spec);
export const resolve: Resolve = (ref) => deref(spec, { $ref: ref }) as Schema;
/** The spec as the boundaries generator judges values: as bundled, and in the contract's view. */
export const judged: JudgedSpec = { resolve, validator, contractValidator: createSchemaValidator(contractView(spec)) };
const components = spec.components as JsonObject;
export const schemas = components.schemas as Record<string, Schema>;
export const parameters = components.parameters as Record<string, Schema>;
