// A request id for every request (the client's X-Request-Id when it is a sane token, else a new
// one), echoed in the response, and one structured log line when the response is finished.
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../shared/logger.js';

const annotations = new WeakMap<Response, Record<string, unknown>>();

/** Adds fields to the request's log line (who called: a partner key, the client address). */
export function annotateLog(res: Response, fields: Record<string, unknown>): void {
  annotations.set(res, { ...annotations.get(res), ...fields });
}

const SANE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      const ms = performance.now() - started;
      const line = { requestId, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10, ...annotations.get(res) };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
