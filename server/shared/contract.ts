// What the server reads from the spec at start-up, so that it is not written twice: the HTTP
// status of each error_code, and which operations answer validation errors in the billing envelope.
import { deref, listOperations, type JsonObject } from '../../lib/spec/bundle.js';
import { AppError, type ErrorCode } from '../errors.js';

export interface Contract {
  spec: JsonObject;
  billingError(code: ErrorCode, message: string): AppError;
  /** True for operations whose 422 is a billing envelope rather than Laravel's validation error. */
  usesBillingEnvelope(operation: string): boolean;
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
  return {
    spec,
    billingError: (code, message) => new AppError(statusOf[code], { status: false, error_code: code, message }),
    usesBillingEnvelope: (operation) => billing.has(operation),
  };
}
