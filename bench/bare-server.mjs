// (a) of the throughput benchmark: node:http answering each route with the very body the
// reference server gives it, and nothing else. The ceiling.
// Plain JavaScript, run by plain node: nothing between the socket and the body.
// Usage: node bench/bare-server.mjs PORT BODIES_JSON_FILE
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, file] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(file, 'utf8'));

createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0].replace(/^\/api/, '');
  const reply = bodies[`${req.method} ${path}`];
  req.resume();
  req.on('end', () => {
    if (!reply) return void res.writeHead(404).end();
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(reply.body) });
    res.end(reply.body);
  });
}).listen(Number(port), '127.0.0.1');
