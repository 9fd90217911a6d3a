// A request's query is parsed once and stays the object the spec validator coerced and filled in
// (server/http/query.ts): Express 5 alone parses it anew, into a new object, on every read.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { parseQueryOnce } from '../../../server/http/query.js';

async function serve(app: express.Express, path: string): Promise<unknown> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    return await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`)).json();
  } finally {
    server.close();
  }
}

/** What a handler reads after a step that changed the query, as the validator's coercion and defaults do. */
function appChangingTheQuery(): express.Express {
  const app = express();
  app.get('/', (req, res) => {
    const query = req.query as Record<string, unknown>;
    query.month = Number(query.month);
    query.status ??= 'unpaid';
    res.json({ sameObject: req.query === query, query: req.query });
  });
  return app;
}

describe('the query, parsed once', () => {
  it('keeps what a step before the handler did to it', async () => {
    const app = appChangingTheQuery();
    parseQueryOnce(app);
    expect(await serve(app, '/?month=02')).toEqual({ sameObject: true, query: { month: 2, status: 'unpaid' } });
  });

  it('is needed: Express alone parses it anew on every read', async () => {
    expect(await serve(appChangingTheQuery(), '/?month=02')).toEqual({ sameObject: false, query: { month: '02' } });
  });

  it('takes a replacement, as the validator assigns one', async () => {
    const app = express();
    parseQueryOnce(app);
    app.get('/', (req, res) => {
      req.query = { replaced: 'yes' };
      res.json(req.query);
    });
    expect(await serve(app, '/?a=1')).toEqual({ replaced: 'yes' });
  });
});
