// The bare pass-through of the proxy benchmark: node:http forwarding each request to the upstream and
// piping the answer back, nothing else. What any reverse proxy on node:http costs at the least.
// Plain JavaScript, run by plain node. Usage: node bench/pass-through-proxy.mjs PORT UPSTREAM_PORT
import { Agent, createServer, request } from 'node:http';

const [port, upstreamPort] = process.argv.slice(2).map(Number);
const agent = new Agent({ keepAlive: true });

createServer((req, res) => {
  const forward = request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', () => res.writeHead(502).end());
  req.pipe(forward);
}).listen(port, '127.0.0.1');
