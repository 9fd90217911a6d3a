// The one application error type. A service throws it with the HTTP status and the body, already
// in the response family of the operation; the error middleware (http/error-handler.ts) sends it.
import type { components } from '../generated/server-api.js';
import { oneOfRequiredMessage, VALIDATION_MESSAGE, type ErrorCode } from '../lib/spec/refusals.js';

type Schemas = components['schemas'];
export type { ErrorCode };
export type StatusValue = Schemas['StatusFailure']['status'];
export type ErrorBody =
  | Schemas['ValidationError']
  | Schemas['Unauthenticated']
  | Schemas['StatusFailure']
  | Schemas['AlreadySubscribed']
  | Schemas['BillingError']
  | Schemas['Message'];

/** Work skipped because the client hung up while its request waited for it: there is nobody to
 * answer (the error middleware closes the connection without a response or an error log). */
export class AbandonedRequest extends Error {
  constructor(what: string) {
    super(`the client went away before ${what}`);
    this.name = 'AbandonedRequest';
  }
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    this.name = 'AppError';
  }

  /** 422 in Laravel's validation shape. */
  static validation(errors: Record<string, string[]>): AppError {
    return new AppError(422, { message: VALIDATION_MESSAGE, errors });
  }

  static invalidField(field: string, message: string): AppError {
    return AppError.validation({ [field]: [message] });
  }

  /** 422 for a request that has none of `names` (the spec's `anyOf` of required lists), under the first name. */
  static oneOfRequired(names: string[]): AppError {
    return AppError.invalidField(names[0]!, oneOfRequiredMessage(names));
  }

  static unauthenticated(): AppError {
    return new AppError(401, { message: 'Unauthenticated.' });
  }

  /** A status-envelope outcome other than success. */
  static status(httpStatus: number, status: StatusValue, message: string): AppError {
    return new AppError(httpStatus, { status, message });
  }

  static notSubscribed(): AppError {
    return AppError.status(404, 'not_subscribed', 'Pengguna belum memiliki data pelanggan terdaftar.');
  }
}
