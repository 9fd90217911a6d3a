// The one error middleware: every failure becomes a response of the family the spec documents
// for the operation, and nothing internal (stack, SQL, file paths) reaches the client.
import type { ErrorRequestHandler, Request } from 'express';
import { AppError } from '../errors.js';
import type { Contract } from '../shared/contract.js';
import type { Logger } from '../shared/logger.js';
import { MAX_UPLOAD_BYTES } from './openapi-validator.js';
import { billingValidationError, laravelValidationError, type Finding } from './validation-errors.js';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string; // body-parser
  code?: string; // multer
  errors?: Finding[]; // express-openapi-validator
  headers?: Record<string, string>; // express-openapi-validator's 405: Allow
  message?: string;
}

/** `METHOD /path` of the spec operation the request is for (the API's paths have no parameters). */
const operationOf = (req: Request): string => `${req.method} ${req.path.replace(/^\/api(?=\/)/, '')}`;

function toAppError(error: HttpLikeError, req: Request, contract: Contract): AppError | undefined {
  if (error instanceof AppError) return error;
  const status = error.status ?? error.statusCode;
  const operation = operationOf(req);
  // Findings about the body as a whole: it is not JSON, or not sent as JSON.
  const unreadableBody = (text: string) =>
    contract.usesBillingEnvelope(operation)
      ? billingValidationError([{ path: '/body', message: text }], operation, contract.billingError)
      : AppError.validation({ body: [text] });
  if (error.type === 'entity.parse.failed') return unreadableBody('The request body is not valid JSON.');
  if (error.type === 'entity.too.large' || status === 413 || error.code === 'LIMIT_FILE_SIZE') {
    return operation === 'POST /customer/profile-photo'
      ? AppError.invalidField('photo', `Ukuran foto maksimal ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`)
      : unreadableBody('The request body is too large.');
  }
  if (status === 401) return AppError.unauthenticated();
  if (status === 404) return new AppError(404, { message: 'Route tidak ditemukan.' });
  if (status === 405) return new AppError(405, { message: 'Method tidak diizinkan untuk route ini.' }, error.headers?.Allow ? { Allow: error.headers.Allow } : {});
  if (status === 415) return unreadableBody('The request body must be sent as JSON (Content-Type: application/json).');
  if (status === 400) {
    const findings = error.errors ?? [];
    return contract.usesBillingEnvelope(operation)
      ? billingValidationError(findings, operation, contract.billingError)
      : laravelValidationError(findings);
  }
  return undefined;
}

export function errorHandler(contract: Contract, logger: Logger): ErrorRequestHandler {
  return (error: HttpLikeError, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = toAppError(error, req, contract);
    if (known) {
      res.status(known.status).set(known.headers).json(known.body);
      return;
    }
    const requestId = String(res.locals.requestId ?? '');
    // A 500 from the response validator means this server broke the contract: loud on purpose.
    logger.error({ err: error, requestId, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(500).json({ message: 'Terjadi error internal server.', request_id: requestId });
  };
}
