// The one error middleware: every failure becomes a response of the family the spec documents
// for the resolved operation, and nothing internal (stack, SQL, file paths) reaches the client.
import type { ErrorRequestHandler } from 'express';
import { AbandonedRequest, AppError } from '../errors.js';
import { BODY_MESSAGES, type Finding } from '../../lib/spec/refusals.js';
import { appError, type Contract } from '../shared/contract.js';
import type { Logger } from '../shared/logger.js';
import { UnreadableBody } from './body.js';
import { resolvedOperation, type ApiOperation } from './operations.js';

interface ValidatorError {
  status?: number;
  errors?: Finding[]; // express-openapi-validator
}

function toAppError(error: unknown, operation: ApiOperation | undefined, contract: Contract): AppError | undefined {
  if (error instanceof AppError) return error;
  if (operation === undefined) return undefined;
  const { status, errors } = (error ?? {}) as ValidatorError;
  // The validator answers 415 for a JSON operation whose body did not come (a DELETE without one).
  const unreadable = status === 415 ? new UnreadableBody('body', BODY_MESSAGES.notJson) : error;
  if (unreadable instanceof UnreadableBody) return appError(contract.refusals.unreadable(operation, unreadable.field, unreadable.message));
  // The validator's findings about the request.
  if (status !== 400) return undefined;
  return appError(contract.refusals.invalid(operation, errors ?? []));
}

export function errorHandler(contract: Contract, logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof AbandonedRequest) {
      // Nobody to answer: the client hung up while its request waited. Not a failure of ours, but
      // a flood of these is worth seeing.
      logger.info({ requestId: res.locals.requestId, method: req.method, url: req.originalUrl, reason: error.message }, 'request abandoned');
      return void res.destroy();
    }
    const known = toAppError(error, resolvedOperation(req), contract);
    // When responses are validated, the library checks this body on its way out too; a body it
    // refuses comes back here as its 500 (status >= 500: logged and answered below).
    if (known) return void res.status(known.status).set(known.headers).json(known.body);
    const requestId = String(res.locals.requestId ?? '');
    // A 500 from the response validator means this server broke the contract: loud on purpose.
    logger.error({ err: error, requestId, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(500).json({ message: 'Terjadi error internal server.', request_id: requestId });
  };
}
