// The Express application. In front: request context, CORS, health and docs, security headers and
// the served photos. Then the API, which reads straight down: the operation resolver (exact method
// and path, or 404/405) -> the operation's credential guard -> its rate limits that need no body
// (per client, per key) -> its body parser -> the NUL check of every string sent -> its rate limits
// keyed by the body (per account) -> the spec's validator -> the check for numbers it let through
// that are none (Infinity) -> its handler; every step
// after the resolver acts on the operation it resolved. Last, the one error middleware. Every JSON
// response is checked against the spec on its way out (res.json), when responses are validated.
import { existsSync } from 'node:fs';
import cors from 'cors';
import express, { type Express } from 'express';
import { generatedDir, listOperations } from '../lib/spec/bundle.js';
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
import { refuseNulCharacters, refuseNonFiniteNumbers } from './http/request-values.js';
import { checkJsonResponses, openApiValidator } from './http/openapi-validator.js';
import { resolveOperation } from './http/operations.js';
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
  const handlers = new Routes().include(...components.map((component) => component.router))
    .middleware(listOperations(contract.spec).map((op) => `${op.method} ${op.path}`));
  const keys = keysComponent(ctx);
  const limits = rateLimiters(
    { routes: config.rateLimits, otpDestination: config.otpDestinationLimit, apiKey: config.apiKeyLimit },
    { contract, redis: ctx.redis, logger, callers: { ...auth.accountKeys, apiKey: (req) => currentApiKey(req).id } },
  );

  const validator = openApiValidator(contract.spec, { validateRequests: config.validateRequests, validateResponses: config.validateResponses });

  const app = express();
  checkJsonResponses(app, validator);
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
  // Read from disk when asked for: the page (about 4 MB with its code samples) is rarely asked
  // for, and kept in memory it was that much of the server's resident memory all the time.
  app.get('/docs', docsSecurityHeaders(DOCS_FILE), (_req, res, next) => {
    if (!existsSync(DOCS_FILE)) return res.status(404).json({ message: 'Docs not built: run npm run generate.' });
    res.type('html').sendFile(DOCS_FILE, { dotfiles: 'allow', lastModified: false, etag: false }, (error) => error && next(error));
  });

  app.use(apiSecurityHeaders());
  app.use(PROFILE_PHOTO_ROUTE, express.static(auth.photoDirectory, { index: false, dotfiles: 'deny' }));
  // One Express layer: the steps pass a request on without the router in between.
  app.use(inSequence([
    resolveOperation(contract.spec),
    bearerGuard(auth.auth),
    keys.guard,
    limits.front,
    bodyParser(),
    refuseNulCharacters(),
    limits.body,
    validator.requests,
    refuseNonFiniteNumbers(),
    handlers,
  ]));
  app.use(errorHandler(contract, logger));
  return app;
}
