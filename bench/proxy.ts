// npm run bench:proxy [-- --rounds N --seconds S --rate R --soak S] (or npm run bench -- --proxy ...):
// what the checking proxy (jwi-contract proxy) costs, beside (a) no proxy at all, (b) a bare node:http
// pass-through and (c) `prism proxy`, on the same routes, all in front of one fast upstream (the bare
// node:http server answering the spec's examples), so that what is measured is the proxy:
// - throughput: autocannon at full load, --connections connections, --seconds per round and proxy;
// - latency at a fixed rate (--rate, default 500 req/s): each request's time, sent at that pace by
//   this process, p50 and p99, and what each proxy adds to the direct p50;
// - memory: the checking proxy under full load for --soak seconds (default 180), its resident memory
//   sampled every 5 s: flat when it keeps aggregates only (some of the traffic fails a check, some
//   is undocumented, so that the failures kept and the examples kept are exercised).
// The proxies are measured in turns within each round (the machine is shared: ratios within a round
// compare like with like). Prints a Markdown table for docs/performance.md; writes nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parseCommandLine, wholeNumber } from '../lib/cli-args.js';
import { deref, loadBundle, type JsonObject } from '../lib/spec/bundle.js';
import { treeRssMb } from '../lib/processes.js';
import { freePort, onExit, startProcess, type Process } from './processes.js';

const USAGE = 'usage: npm run bench:proxy [-- --rounds N --seconds S --connections C --rate R --soak S]';
const { values } = parseCommandLine({ options: {
  rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '20' },
  rate: { type: 'string', default: '500' }, soak: { type: 'string', default: '180' }, proxy: { type: 'boolean' },
} }, USAGE);
const ROUNDS = wholeNumber('rounds', values.rounds, 1, USAGE);
const SECONDS = wholeNumber('seconds', values.seconds, 1, USAGE);
const CONNECTIONS = wholeNumber('connections', values.connections, 1, USAGE);
const RATE = wholeNumber('rate', values.rate, 1, USAGE);
const SOAK = wholeNumber('soak', values.soak, 0, USAGE);

const spec = loadBundle();
const exampleOf = (path: string): string => {
  const response = deref(spec, ((spec.paths as JsonObject)[path] as JsonObject & { get: JsonObject }).get.responses as JsonObject) as JsonObject;
  const media = (deref(spec, response['200'] as JsonObject).content as JsonObject)['application/json'] as JsonObject;
  const example = deref(spec, Object.values(media.examples as JsonObject)[0] as JsonObject) as JsonObject;
  return JSON.stringify(example.value);
};

const HEADERS = { authorization: 'Bearer bench-token', 'x-mywifi-key': 'jwi_bench_key_0000000000000000', accept: 'application/json' };
/** The routes, as requested through the proxies (under /api); Prism's requests leave /api out (its upstream URL has it). */
const ROUTES = ['/region', '/package?company_id=1', '/customer', '/help/options', '/billing/unpaid?no_services=ISP00123'];
const bodies = Object.fromEntries(ROUTES.map((route) => [`GET ${route.split('?')[0]}`, { status: 200, body: exampleOf(route.split('?')[0]!) }]));

const dir = mkdtempSync(join(tmpdir(), 'jwi-bench-proxy-'));
onExit(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'bodies.json'), JSON.stringify(bodies));
// For the soak: one answer breaks the contract (each request a failure), and one path is undocumented.
writeFileSync(join(dir, 'soak-bodies.json'), JSON.stringify({ ...bodies, 'GET /help/options': { status: 200, body: '{"status":"success"}' } }));

const NAMES = ['direct (no proxy)', 'bare node:http pass-through', 'jwi-contract proxy', 'prism proxy'] as const;
type Name = (typeof NAMES)[number];

async function startUpstream(file: string): Promise<Process> {
  const port = await freePort();
  return startProcess('node', ['bench/bare-server.mjs', String(port), join(dir, file)], {}, port, '/nope');
}

async function startProxies(upstream: Process): Promise<Record<Name, { process?: Process; base: string }>> {
  const upstreamPort = new URL(upstream.baseUrl).port;
  const [pass, checking, prism] = await Promise.all([freePort(), freePort(), freePort()]);
  const passThrough = await startProcess('node', ['bench/pass-through-proxy.mjs', String(pass), upstreamPort], {}, pass, '/nope');
  const checkingProxy = await startProcess('node', ['--import', 'tsx', 'contract-tests/cli.ts', 'proxy', '--upstream', `${upstream.baseUrl}/api`, '--port', String(checking), '--every', '3600'], {}, checking, '/nope');
  const prismProxy = await startProcess('node_modules/.bin/prism', ['proxy', 'generated/openapi.yaml', `${upstream.baseUrl}/api`, '--port', String(prism), '--host', '127.0.0.1', '--errors', 'false'], {}, prism, '/region');
  return {
    'direct (no proxy)': { base: `${upstream.baseUrl}/api` },
    'bare node:http pass-through': { process: passThrough, base: `${passThrough.baseUrl}/api` },
    'jwi-contract proxy': { process: checkingProxy, base: `${checkingProxy.baseUrl}/api` },
    'prism proxy': { process: prismProxy, base: prismProxy.baseUrl },
  };
}

async function throughput(base: string, seconds: number): Promise<number> {
  const result = await autocannon({
    url: base, connections: CONNECTIONS, duration: seconds, headers: HEADERS,
    requests: ROUTES.map((route) => ({ method: 'GET', path: `${new URL(base).pathname.replace(/\/$/, '')}${route}` })),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${base}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });
function timed(url: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    request(url, { agent, headers: HEADERS }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
    }).on('error', reject).end();
  });
}

/** Requests at RATE per second for `seconds`: p50 and p99 of their times (ms). */
async function latency(base: string, seconds: number): Promise<{ p50: number; p99: number }> {
  const times: Promise<number>[] = [];
  const total = RATE * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    times.push(timed(`${base}${ROUTES[i % ROUTES.length]}`));
  }
  const sorted = (await Promise.all(times)).sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)]!, p99: sorted[Math.floor(sorted.length * 0.99)]! };
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

async function compare(): Promise<void> {
  const upstream = await startUpstream('bodies.json');
  const proxies = await startProxies(upstream);
  const figures = Object.fromEntries(NAMES.map((name) => [name, { rps: [] as number[], p50: [] as number[], p99: [] as number[] }])) as Record<Name, { rps: number[]; p50: number[]; p99: number[] }>;
  for (const name of NAMES) await throughput(proxies[name].base, 2); // warm-up
  for (let round = 1; round <= ROUNDS; round++) {
    // A different order each round: none is always measured first.
    const order = NAMES.map((_, i) => NAMES[(i + round) % NAMES.length]!);
    for (const name of order) {
      figures[name].rps.push(await throughput(proxies[name].base, SECONDS));
      const { p50, p99 } = await latency(proxies[name].base, Math.max(2, Math.round(SECONDS / 2)));
      figures[name].p50.push(p50);
      figures[name].p99.push(p99);
      console.error(`round ${round}: ${name}: ${figures[name].rps.at(-1)!.toFixed(0)} req/s; at ${RATE} req/s p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    }
  }
  // Ratios and differences within each round (the same stretch of a shared machine), then their median.
  const rounds = [...Array(ROUNDS).keys()];
  const perRound = (name: Name, of: (f: typeof figures[Name], round: number) => number) => median(rounds.map((round) => of(figures[name], round)));
  console.log(`\n| ${ROUNDS} rounds, ${SECONDS} s each (medians) | req/s | x prism proxy (within a round) | p50 at ${RATE} req/s | p99 | added to the direct p50 (within a round) |`);
  console.log('|---|---|---|---|---|---|');
  for (const name of NAMES) {
    const f = figures[name];
    const times = perRound(name, (g, round) => g.rps[round]! / figures['prism proxy'].rps[round]!);
    const added = perRound(name, (g, round) => g.p50[round]! - figures['direct (no proxy)'].p50[round]!);
    console.log(`| ${name} | ${median(f.rps).toFixed(0)} | ${times.toFixed(1)} | ${median(f.p50).toFixed(2)} ms | ${median(f.p99).toFixed(2)} ms | ${name === 'direct (no proxy)' ? '' : `${added.toFixed(2)} ms`} |`);
  }
  await Promise.all(NAMES.map((name) => proxies[name].process?.stop()));
  await upstream.stop();
}

/** The checking proxy under full load for SOAK seconds: its memory every 5 s. */
async function soak(): Promise<void> {
  const upstream = await startUpstream('soak-bodies.json');
  const port = await freePort();
  const proxy = await startProcess('node', ['--import', 'tsx', 'contract-tests/cli.ts', 'proxy', '--upstream', `${upstream.baseUrl}/api`, '--port', String(port), '--report', join(dir, 'soak.json'), '--every', '5'], {}, port, '/nope');
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(treeRssMb(proxy.child.pid!)), 5000);
  const result = await autocannon({
    url: proxy.baseUrl, connections: CONNECTIONS, duration: SOAK,
    requests: [...ROUTES, '/no-such-path'].map((route) => ({ method: 'GET', path: `/api${route}`, headers: HEADERS })),
  });
  clearInterval(timer);
  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = median(samples.slice(0, third));
  const last = median(samples.slice(-third));
  console.log(`\nSoak: ${result.requests.total} requests in ${SOAK} s (${result.requests.average.toFixed(0)} req/s; a sixth of them fail a check, a sixth undocumented); ` +
    `resident memory of the checking proxy: ${first.toFixed(0)} MB in the first third, ${last.toFixed(0)} MB in the last (${samples.map((s) => s.toFixed(0)).join(', ')})`);
  await proxy.stop();
  await upstream.stop();
}

await compare();
if (SOAK > 0) await soak();
process.exit(0);
