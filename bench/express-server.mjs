// (e) of the throughput benchmark: a plain Express 5 app answering each route with the very body
// the reference server gives it, from memory: Express's own ceiling (routing, req/res objects,
// res.json), with none of our request path. Plain JavaScript, run by plain node.
// Usage: node bench/express-server.mjs PORT BODIES_JSON_FILE
import { readFileSync } from 'node:fs';
import express from 'express';

const [port, file] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(file, 'utf8'));

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use(express.json());
for (const [key, reply] of Object.entries(bodies)) {
  const [method, path] = key.split(' ');
  const body = JSON.parse(reply.body);
  app[method.toLowerCase()](`/api${path}`, (_req, res) => res.status(reply.status).json(body));
}
app.listen(Number(port), '127.0.0.1');
