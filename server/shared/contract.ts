// What the server reads from the spec at start-up, so that it is not written twice: the HTTP
// status of each error_code, which operations answer validation errors in the billing envelope, and
// which bodies must carry one of some fields.
import { deref, listOperations, type JsonObject } from '../../lib/spec/bundle.js';
import { AppError, type ErrorCode } from '../errors.js';

export interface Contract {
  spec: JsonObject;
  billingError(code: ErrorCode, message: string): AppError;
  /** True for operations whose 422 is a billing envelope rather than Laravel's validation error. */
  usesBillingEnvelope(operation: string): boolean;
  /** The fields of which the operation's JSON body must carry one (its `anyOf` of required lists), or []. */
  alternativesOf(operation: string): string[];
}

/** `anyOf: [{required: [a]}, {required: [b]}]` at the root of a JSON body: [a, b]. */
function alternatives(spec: JsonObject, operation: JsonObject): string[] {
  const content = ((operation.requestBody as JsonObject | undefined)?.content ?? {}) as JsonObject;
  const schema = (content['application/json'] as JsonObject | undefined)?.schema;
  const branches = (schema ? (deref(spec, schema) as JsonObject).anyOf : undefined) as JsonObject[] | undefined;
  const names = (branches ?? []).map((branch) => (Object.keys(branch).length === 1 ? (branch.required as string[] | undefined) : undefined));
  return names.every((n) => n?.length === 1) ? names.map((n) => n![0]!) : [];
}

export function readContract(spec: JsonObject): Contract {
  const errorCode = deref(spec, { $ref: '#/components/schemas/ErrorCode' }) as JsonObject;
  const statusOf = errorCode['x-http-status'] as Record<ErrorCode, number>;
  const billing = new Set(
    listOperations(spec)
      .filter((op) => {
        const response = deref(spec, (op.definition.responses as JsonObject)['422'] ?? {}) as JsonObject;
        return op.security === 'apiKey' && !JSON.stringify(response).includes('ValidationError');
      })
      .map((op) => `${op.method} ${op.path}`),
  );
  const alternativesByOperation = new Map(listOperations(spec).map((op) => [`${op.method} ${op.path}`, alternatives(spec, op.definition)]));
  return {
    spec,
    billingError: (code, message) => new AppError(statusOf[code], { status: false, error_code: code, message }),
    usesBillingEnvelope: (operation) => billing.has(operation),
    alternativesOf: (operation) => alternativesByOperation.get(operation) ?? [],
  };
}
