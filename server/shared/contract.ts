// What the server reads from the spec at start-up, so that it is not written twice: how a refused
// request is answered (lib/spec/refusals.ts: the billing envelope's operations and the HTTP status
// of each error_code, the bodies that must carry one of some fields), as application errors.
import type { JsonObject } from '../../lib/spec/bundle.js';
import { readRefusals, type Refusal, type Refusals } from '../../lib/spec/refusals.js';
import { AppError, type ErrorCode } from '../errors.js';

export interface Contract {
  spec: JsonObject;
  refusals: Refusals;
  billingError(code: ErrorCode, message: string): AppError;
}

export const appError = (refusal: Refusal): AppError => new AppError(refusal.status, refusal.body);

export function readContract(spec: JsonObject): Contract {
  const refusals = readRefusals(spec);
  return {
    spec,
    refusals,
    billingError: (code, message) => appError(refusals.billing(code, message)),
  };
}
