// The Express application. In front: request context, CORS, health and docs, security headers and
// the served photos. Then the API, which reads straight down: the operation resolver (exact method
// and path, or 404/405) -> the operation's credential guard -> its rate limits that need no body
// (per client, per key) -> its body parser -> the NUL check of every string sent -> its rate limits
// keyed by the body (per account) -> the spec's validator -> the check for numbers it let through
// that are none (Infinity) -> its handler. Every step after the resolver reads the operation's entry
// in the registry (http/operations.ts), built once here. Last, the one error middleware. When
// responses are validated, the validator checks every JSON response to a request it accepted.
import { existsSync } from 'node:fs';
import cors from 'cors';
import express, { type Express } from 'express';
import { generatedDir } from '../lib/spec/bundle.js';
import { authComponent } from './auth/index.js';
import { bearerGuard } from './auth/current-user.js';
import { PROFILE_PHOTO_ROUTE } from './auth/profile-photo.js';
import { billingComponent } from './billing/index.js';
import { catalogComponent } from './catalog/index.js';
import type { AppContext } from './context.js';
import { customersComponent } from './customers/index.js';
import { helpdeskComponent } from './helpdesk/index.js';
import { bodyParser } from './http/body.js';
import { errorHandler } from './http/error-handler.js';
import { refuseLooseQueryNumbers, refuseNulCharacters, refuseNonFiniteNumbers } from './http/request-values.js';
import { openApiValidator } from './http/openapi-validator.js';
import { operationRegistry, operationStep, resolveOperation } from './http/operations.js';
import { parseQueryOnce } from './http/query.js';
import { rateLimiters } from './http/rate-limit.js';
import { requestContext } from './http/request-context.js';
import { inSequence } from './http/sequence.js';
import { apiSecurityHeaders, docsSecurityHeaders } from './http/security-headers.js';
import { Routes } from './http/typed-routes.js';
import { invoicesComponent } from './invoices/index.js';
import { currentApiKey } from './keys/guard.js';
import { keysComponent } from './keys/index.js';
import { networkComponent } from './network/index.js';
import { notificationsComponent } from './notifications/index.js';

const DOCS_FILE = `${generatedDir}docs/index.html`;

export function createApp(ctx: AppContext): Express {
  const { config, logger, contract, database } = ctx;
  const auth = authComponent(ctx);
  const catalog = catalogComponent(ctx);
  const customers = customersComponent(ctx, catalog.catalog);
  const notifications = notificationsComponent(ctx, auth.auth, customers.customers);
  const components = [
    auth, catalog, customers, networkComponent(ctx), helpdeskComponent(ctx, customers.customers),
    invoicesComponent(ctx, customers.customers), notifications, billingComponent(ctx, notifications.invoicePaid),
  ];
  const keys = keysComponent(ctx);
  const limits = rateLimiters(
    { routes: config.rateLimits, otpDestination: config.otpDestinationLimit, apiKey: config.apiKeyLimit },
    { contract, redis: ctx.redis, logger, callers: { ...auth.accountKeys, apiKey: (req) => currentApiKey(req).id } },
  );

  // Every operation with its pieces, or the start fails naming what is missing.
  const registry = operationRegistry(contract.spec, {
    handlers: new Routes().include(...components.map((component) => component.router)),
    limitsOf: limits.limitsOf,
    limitedOperations: limits.limitedOperations,
  });
  const validator = openApiValidator(contract.spec, { validateRequests: config.validateRequests, validateResponses: config.validateResponses });

  const app = express();
  parseQueryOnce(app);
  // Set before the first route: the app's router reads them when it is created. A path matches
  // only as written (/HEALTH and /docs/ are unknown), as the API's operations do.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.disable('x-powered-by');
  app.disable('etag'); // hashing every JSON body for an ETag nobody asks for (the spec has none)
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(logger));
  if (config.corsOrigins.length > 0) {
    app.use(cors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }));
  }

  // 503 only without the database; without Redis the server still serves, its rate limits per process: degraded.
  app.get('/health', async (_req, res) => {
    const [up, redis] = await Promise.all([database.ping(), ctx.redis?.ping()]);
    const status = !up ? 'unavailable' : redis === false ? 'degraded' : 'ok';
    res.status(up ? 200 : 503).json({ status, database: up ? 'up' : 'down', ...(redis === undefined ? {} : { redis: redis ? 'up' : 'down' }) });
  });
  // Read from disk when asked for: the page (megabytes, with its code samples) is rarely asked
  // for, and kept in memory it would stay resident all the time.
  app.get('/docs', docsSecurityHeaders(DOCS_FILE), (_req, res, next) => {
    if (!existsSync(DOCS_FILE)) return res.status(404).json({ message: 'Docs not built: run npm run generate.' });
    res.type('html').sendFile(DOCS_FILE, { dotfiles: 'allow', lastModified: false, etag: false }, (error) => error && next(error));
  });

  app.use(apiSecurityHeaders());
  app.use(PROFILE_PHOTO_ROUTE, express.static(auth.photoDirectory, { index: false, dotfiles: 'deny' }));
  const answerError = errorHandler(contract, logger);
  // One Express layer: the steps pass a request on without the router in between.
  const api = inSequence([
    resolveOperation(registry),
    bearerGuard(auth.auth),
    keys.guard,
    operationStep((operation) => operation.limits.front),
    bodyParser(),
    refuseNulCharacters(),
    operationStep((operation) => operation.limits.body),
    refuseLooseQueryNumbers(),
    validator,
    refuseNonFiniteNumbers(),
    operationStep((operation) => operation.handler),
  ]);
  // The API's failures go straight to the error handler, not through Express's next: the
  // validator's response check reports a refused error body (sent by the error handler itself)
  // through the `next` of its middleware, later than Express accepts a second call of it.
  app.use((req, res, next) => api(req, res, (error?: unknown) => (error ? answerError(error, req, res, next) : next())));
  app.use(answerError);
  return app;
}
