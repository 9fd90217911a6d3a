// npm run bench [-- --rounds N --seconds S --slice S --connections C --warmup S --route NAME]
// Throughput of (a) a bare node:http server returning the same bodies (the machine's ceiling), (b)
// the reference server with request and response validation off, (c) the reference server as
// shipped (both validated), (d) the Prism mock, (e) a plain Express 5 app returning the same bodies
// from memory (the framework's ceiling), each driven by autocannon on five routes. Writes
// bench/RESULTS.md and bench/results.json. `npm run bench -- --profile` writes CPU profiles instead
// (bench/profile.ts).
//
// A shared machine's speed drifts by up to 2x within a minute (other tenants): measured one after
// the other for 10 s each, two servers can see different machines. So in each round the four are
// started (one at a time) and then measured one at a time in turns of a short slice, rotating,
// until each has had its seconds: every server samples the same stretch of time, and a ratio
// compares like with like. An idle server uses no CPU while another is measured.
import { execFileSync } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parseCommandLine, usageFailure, wholeNumber } from '../lib/cli-args.js';
import { RATE_LIMIT_SETTINGS } from '../server/config.js';
import { DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD } from '../server/demo/constants.js';
import { addUnpaidInvoices, type PoolInvoice } from './invoice-pool.js';
import { profileDigest, summarize, writeProfile } from './profile.js';
import { freePort, onExit, repoRoot, startCommand, startProcess, treeCpuSeconds, watchPeakRss, type Process } from './processes.js';

// `npm run bench -- --proxy [...]`: the checking proxy's benchmark instead (bench/proxy.ts, which exits when done).
if (process.argv.includes('--proxy')) await import('./proxy.js');

const USAGE = 'usage: npm run bench [-- --rounds N --seconds S --slice S --connections C --warmup S --route NAME ...] | npm run bench -- --profile ROUTE|all [--profile-server b|c]';
const { values } = parseCommandLine({ options: {
  rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '10' }, slice: { type: 'string', default: '2' },
  connections: { type: 'string', default: '50' }, profile: { type: 'string' }, 'profile-server': { type: 'string', default: 'c' }, route: { type: 'string', multiple: true },
  warmup: { type: 'string', default: '8' },
} }, USAGE);
const SLICE = wholeNumber('slice', values.slice, 1, USAGE);
const SLICES = Math.max(1, Math.round(wholeNumber('seconds', values.seconds, 1, USAGE) / SLICE));
const ROUNDS = wholeNumber('rounds', values.rounds, 1, USAGE);
const SECONDS = SLICES * SLICE;
const CONNECTIONS = wholeNumber('connections', values.connections, 1, USAGE);
// A server just started runs its request path in the JIT's lower tiers for several seconds (the
// reference server longer than the plain servers, which have less code: docs/performance.md,
// "Warm-up"). So the first route of a round warms each server up for WARMUP seconds; the routes
// after it, whose shared path is compiled by then, for 2.
const WARMUP = wholeNumber('warmup', values.warmup, 0, USAGE);
const SERVERS = ['a', 'b', 'c', 'd', 'e'] as const;
type Server = (typeof SERVERS)[number];
const LABELS: Record<Server, string> = {
  a: 'bare node:http, same bodies', b: 'reference, validation off', c: 'reference as shipped', d: 'Prism mock', e: 'plain Express 5, same bodies',
};

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string; // spec path
  query: string;
  /** The body of every request, or a function giving each request its own for the database it goes to. */
  body?: string | ((database: string) => string);
  headers?: Record<string, string>;
  /** No target: the route is bounded by something else (bcrypt), and reported only. */
  reportOnly?: boolean;
  /** Connections, when not --connections: a route that answers a few per second needs fewer, or
   * every answer comes after its slice has ended and none is counted. */
  connections?: number;
}

// Unpaid invoices for the payments: 300 customers x 500 months, more than one server pays in a run.
const POOL_CUSTOMERS = 300;
const POOL_MONTHS = 500;
let pool: PoolInvoice[] = [];
/** The one body a route with per-request bodies sends to the servers that store nothing. */
const sampleBodies = new Map<string, string>();
/** The next unpaid invoice of the pool in each database file. Each reference server pays in its own
 * copy, made when prepare() had paid what it paid: a copy goes on from there. */
const nextUnpaid = new Map<string, number>();
const PREPARED = 'jwi.sqlite';
const payment = (database: string) => {
  const index = nextUnpaid.get(database) ?? nextUnpaid.get(PREPARED) ?? 0;
  nextUnpaid.set(database, index + 1);
  const next = pool[index];
  if (!next) throw new Error('the pool of unpaid invoices is used up: raise POOL_CUSTOMERS');
  return JSON.stringify({ ...next, reference_no: `BENCH-${index}` });
};

export const ROUTES: Route[] = [
  { name: 'GET /customer', method: 'GET', path: '/customer', query: '' },
  { name: 'GET /invoice', method: 'GET', path: '/invoice', query: '?status=all&month=2&year=2026' },
  { name: 'POST /help', method: 'POST', path: '/help', query: '', body: JSON.stringify({ help_type: 1, help_solution: 1, description: 'Internet putus (benchmark).' }) },
  { name: 'POST /billing/mark-as-paid', method: 'POST', path: '/billing/mark-as-paid', query: '', body: payment, headers: { 'X-MYWIFI-KEY': DEMO_API_KEY } },
  { name: 'POST /auth/login', method: 'POST', path: '/auth/login', query: '', body: JSON.stringify({ identifier: DEMO_CUSTOMERS[0].email, password: DEMO_PASSWORD }), reportOnly: true, connections: 4 },
];

// The routes asked for (--route, --profile), checked before anything starts.
const routeNames = ROUTES.map((r) => `'${r.name}'`).join(', ');
const measuredRoutes = ROUTES.filter((r) => !values.route || values.route.includes(r.name));
if (measuredRoutes.length === 0) usageFailure(`--route: one of ${routeNames}`, USAGE);
const profiledRoutes = ROUTES.filter((r) => values.profile === 'all' || r.name === values.profile || r.path === values.profile);
if (values.profile !== undefined && profiledRoutes.length === 0) usageFailure(`--profile: no route ${values.profile} (one of: all, ${routeNames})`, USAGE);
// The server profiled: (c) as shipped, or (b) without the validator, to see our own steps' cost alone.
const PROFILED_SERVER = values['profile-server'];
if (PROFILED_SERVER !== 'b' && PROFILED_SERVER !== 'c') usageFailure('--profile-server: b or c', USAGE);
if (PROFILED_SERVER !== 'c' && values.profile === undefined) usageFailure('--profile-server goes with --profile ROUTE', USAGE);

const dir = mkdtempSync(join(tmpdir(), 'jwi-bench-'));
onExit(() => rmSync(dir, { recursive: true, force: true }));
// One SQLite file per reference server: SQLite is for one process (two writing one file meet
// SQLITE_BUSY where a read turns into a write), and (b) and (c) both pay invoices.
/** The database file of a reference server: prepare() writes jwi.sqlite (PREPARED) and copies it for (b) and (c). */
const ownDatabase = (validate: boolean) => (validate ? 'jwi-c.sqlite' : 'jwi-b.sqlite');
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0002';

async function reference(validate: boolean, nodeFlags: string[] = [], database = ownDatabase(validate)): Promise<Process> {
  const port = await freePort();
  const [program, args] = startCommand();
  return startProcess(program, [...nodeFlags, ...args], {
    // No rate limit bites: one load generator is one client, and the bench measures throughput.
    ...Object.fromEntries(Object.values(RATE_LIMIT_SETTINGS).map(({ name }) => [name, '1000000,1000000,60'])), RATE_LIMIT_API_KEY: '1000000000/60',
    PORT: String(port), DATABASE_URL: `sqlite:${join(dir, database)}`, UPLOAD_DIR: join(dir, 'uploads'), JWT_SECRET, NODE_ENV: 'development',
    VALIDATE_REQUESTS: String(validate), VALIDATE_RESPONSES: String(validate),
  }, port, '/health');
}

const starters: Record<Server, () => Promise<Process>> = {
  a: async () => {
    const port = await freePort();
    return startProcess('node', ['bench/bare-server.mjs', String(port), join(dir, 'bodies.json')], {}, port, '/nope');
  },
  b: () => reference(false),
  c: () => reference(true),
  d: async () => {
    const port = await freePort();
    return startProcess('bash', ['mock/start.sh'], { MOCK_PORT: String(port) }, port, '/api/region');
  },
  e: async () => {
    const port = await freePort();
    return startProcess('node', ['bench/express-server.mjs', String(port), join(dir, 'bodies.json')], {}, port, '/nope');
  },
};

/** The token of the demo customer, and the bodies the reference server answers (for the bare server). */
async function prepare(): Promise<string> {
  const server = await reference(true, [], PREPARED);
  try {
    // The database exists (migrated, with the demo data) once a server ran: the unpaid invoices go in now.
    pool = addUnpaidInvoices(join(dir, PREPARED), POOL_CUSTOMERS, POOL_MONTHS);
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identifier: DEMO_CUSTOMERS[0].email, password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const bodies: Record<string, { status: number; body: string }> = {};
    for (const route of ROUTES) {
      const response = await fetch(`${server.baseUrl}/api${route.path}${route.query}`, {
        method: route.method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...route.headers },
        body: typeof route.body === 'function' ? route.body(PREPARED) : route.body,
      });
      bodies[`${route.method} ${route.path}`] = { status: response.status, body: await response.text() };
      if (!response.ok) throw new Error(`${route.name} answered ${response.status} before the bench: ${bodies[`${route.method} ${route.path}`]!.body}`);
    }
    writeFileSync(join(dir, 'bodies.json'), JSON.stringify(bodies));
    return token;
  } finally {
    await server.stop(); // a clean stop checkpoints the WAL: the file is whole
    for (const validate of [false, true]) copyFileSync(join(dir, PREPARED), join(dir, ownDatabase(validate)));
  }
}

/** Drives one server with autocannon; the latency of each response goes to `latencies` if given.
 * `database`: the file of a server that stores what it is sent (b, c), for which a body is made
 * per request; the others get one, fixed (they store nothing). */
async function drive(url: string, route: Route, token: string, seconds: number, latencies?: number[], database?: string) {
  let body: string | (() => string) | undefined;
  if (typeof route.body !== 'function') body = route.body;
  else if (database) body = route.body.bind(undefined, database);
  else {
    if (!sampleBodies.has(route.name)) sampleBodies.set(route.name, route.body('sample'));
    body = sampleBodies.get(route.name)!;
  }
  const run = autocannon({
    url, method: route.method, connections: route.connections ?? CONNECTIONS, duration: seconds,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json', ...route.headers },
    ...(typeof body === 'string' ? { body } : {}),
    ...(typeof body === 'function' ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: body() }) }] } : {}),
  });
  // Without a callback autocannon returns its event emitter, made thenable.
  if (latencies) (run as unknown as EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await run;
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${code}: ${count}`).join(', ');
  return { requests: result.requests.total, seconds: result.duration, errors: result.errors + result.non2xx, detail: `${result.errors} errors, ${result.timeouts} timeouts; statuses ${statuses}` };
}
type Slice = Awaited<ReturnType<typeof drive>> & { cpuSeconds: number };

interface Run {
  round: number;
  route: string;
  rps: Record<Server, number>;
  /** The server's CPU time (user and system, all threads and child processes) per request, in microseconds. */
  cpu_us: Record<Server, number>;
  p50_ms: Record<Server, number>;
  p99_ms: Record<Server, number>;
  rss_mb: Record<Server, number>;
  c_over_b: number;
  c_over_d: number;
  c_over_a: number;
  c_over_e: number;
  c_over_b_cpu: number;
  c_over_e_cpu: number;
}
type Ratio = 'c_over_b' | 'c_over_d' | 'c_over_a' | 'c_over_e' | 'c_over_b_cpu' | 'c_over_e_cpu';

const round2 = (n: number) => Math.round(n * 100) / 100;
const percentile = (values: number[], p: number) => {
  const sorted = Float64Array.from(values).sort();
  return round2(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN);
};
const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return round2(sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
};

async function main(): Promise<void> {
  const measured = measuredRoutes;
  execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot }); // what npm start runs
  const token = await prepare();
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const processes = {} as Record<Server, Process>;
    try {
      for (const server of SERVERS) processes[server] = await starters[server]();
      for (const [routeIndex, route] of measured.entries()) {
        const url = (server: Server) => `${processes[server].baseUrl}/api${route.path}${route.query}`;
        const database = (server: Server) => (server === 'b' || server === 'c' ? ownDatabase(server === 'c') : undefined);
        const warmup = routeIndex === 0 ? WARMUP : 2;
        for (const server of SERVERS) await drive(url(server), route, token, warmup, undefined, database(server)); // not counted
        const peaks = SERVERS.map((server) => watchPeakRss(processes[server].child.pid!));
        const slices = Object.fromEntries(SERVERS.map((server) => [server, [] as Slice[]])) as Record<Server, Slice[]>;
        const latencies = Object.fromEntries(SERVERS.map((server) => [server, [] as number[]])) as Record<Server, number[]>;
        for (let i = 0; i < SLICES; i++) {
          const order = [...SERVERS.slice(i % SERVERS.length), ...SERVERS.slice(0, i % SERVERS.length)]; // who goes first rotates
          for (const server of order) {
            const pid = processes[server].child.pid!;
            const cpuBefore = treeCpuSeconds(pid);
            const slice = { ...(await drive(url(server), route, token, SLICE, latencies[server], database(server))), cpuSeconds: 0 };
            slice.cpuSeconds = treeCpuSeconds(pid) - cpuBefore;
            if (slice.errors > 0) throw new Error(`(${server}) answered ${route.name} with ${slice.errors} errors or non-2xx (${slice.detail}): the figures would be wrong`);
            slices[server].push(slice);
          }
        }
        const entry = { rps: {}, cpu_us: {}, p50_ms: {}, p99_ms: {}, rss_mb: {} } as Omit<Run, 'round' | 'route' | Ratio>;
        SERVERS.forEach((server, i) => {
          const of = slices[server];
          const requests = of.reduce((n, s) => n + s.requests, 0);
          entry.rps[server] = Math.round(requests / of.reduce((n, s) => n + s.seconds, 0));
          entry.cpu_us[server] = Math.round((1e6 * of.reduce((n, s) => n + s.cpuSeconds, 0)) / requests);
          entry.p50_ms[server] = percentile(latencies[server], 50);
          entry.p99_ms[server] = percentile(latencies[server], 99);
          entry.rss_mb[server] = Math.round(peaks[i]!());
          console.error(`round ${round} ${server} ${route.name}: ${entry.rps[server]} req/s, ${entry.cpu_us[server]} us CPU/req, p99 ${entry.p99_ms[server]} ms, ${entry.rss_mb[server]} MB`);
        });
        runs.push({
          round, route: route.name, ...entry,
          c_over_b: round2(entry.rps.c / entry.rps.b), c_over_d: round2(entry.rps.c / entry.rps.d), c_over_a: round2(entry.rps.c / entry.rps.a),
          c_over_e: round2(entry.rps.c / entry.rps.e),
          // By CPU: what a request costs the other server over what it costs (c), all threads and child processes counted.
          c_over_b_cpu: round2(entry.cpu_us.b / entry.cpu_us.c), c_over_e_cpu: round2(entry.cpu_us.e / entry.cpu_us.c),
        });
      }
    } finally {
      await Promise.all(Object.values(processes).map((process) => process.stop()));
    }
  }
  const summary = measured.map(({ name }) => {
    const of = runs.filter((r) => r.route === name);
    return {
      route: name, rounds: of.length,
      c_over_b: median(of.map((r) => r.c_over_b)), c_over_d: median(of.map((r) => r.c_over_d)), c_over_a: median(of.map((r) => r.c_over_a)),
      c_over_e: median(of.map((r) => r.c_over_e)), c_rss_mb: Math.max(...of.map((r) => r.rss_mb.c)),
      c_over_b_cpu: median(of.map((r) => r.c_over_b_cpu)), c_over_e_cpu: median(of.map((r) => r.c_over_e_cpu)),
      c_rps: median(of.map((r) => r.rps.c)),
    };
  });
  const results: Results = { measured: new Date().toISOString(), seconds: SECONDS, slice: SLICE, connections: CONNECTIONS, rounds: ROUNDS, warmup: WARMUP, servers: LABELS, runs, summary };
  if (measured.length < ROUTES.length) return console.log(renderResults(results)); // --route: printed, the committed figures stay
  writeFileSync(RESULTS_JSON, JSON.stringify(results, null, 2) + '\n');
  writeResults();
}

interface Results {
  measured: string; seconds: number; slice: number; connections: number; rounds: number; servers: Record<Server, string>; runs: Run[];
  warmup: number;
  summary: { route: string; c_rps: number; c_over_b: number; c_over_d: number; c_over_e: number; c_over_a: number; c_rss_mb: number; c_over_b_cpu: number; c_over_e_cpu: number }[];
}
const RESULTS_JSON = join(repoRoot, 'bench/results.json');

/** bench/RESULTS.md from bench/results.json and the profiles of bench/profiles/ (a profile run
 * renders it again, so that the file shows the profiles it has). */
function writeResults(): void {
  if (!existsSync(RESULTS_JSON)) return;
  const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Results;
  const markdown = `# Benchmark results\n\nWritten by \`npm run bench\` on ${results.measured.slice(0, 10)}.\n\n${renderResults(results)}\n\n${profileDigest(repoRoot, ROUTES.map((r) => r.name))}`;
  writeFileSync(join(repoRoot, 'bench/RESULTS.md'), markdown.trimEnd() + '\n');
  console.log(markdown);
}

function renderResults({ runs, summary, connections, seconds, slice, rounds, warmup, servers }: Results): string {
  const names = Object.keys(servers) as Server[];
  return [
    `Throughput, ${connections} connections, ${seconds} s per server and route in ${Math.max(1, Math.round(seconds / slice))} slices of ${slice} s taken in turns, after a warm-up of ${warmup} s (the first route of a round, on servers just started) or 2 s (the others), load generator on the same machine; p50/p99 over all the responses of the slices. CPU is a server's CPU time per request (user and system, all its threads and child processes, from /proc) over its slices; c/b CPU and c/e CPU are the other server's CPU per request over (c)'s, so they read as c/b and c/e do (1 = as cheap) but do not move with the load generator's share of the machine.`,
    `Servers: ${names.map((s) => `(${s}) ${servers[s]}`).join('; ')}.`, '',
    '| round | route | a req/s | b req/s | c req/s | d req/s | e req/s | c/b | c/d | c/e | c/a | CPU us/req a/b/c/d/e | c/b CPU | c/e CPU | p50 ms a/b/c/d/e | p99 ms a/b/c/d/e | peak RSS MB a/b/c/d/e |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|---|',
    ...runs.map((r) => `| ${r.round} | ${r.route} | ${r.rps.a} | ${r.rps.b} | ${r.rps.c} | ${r.rps.d} | ${r.rps.e} | ${r.c_over_b} | ${r.c_over_d} | ${r.c_over_e} | ${r.c_over_a} | ` +
      `${names.map((s) => r.cpu_us[s]).join('/')} | ${r.c_over_b_cpu} | ${r.c_over_e_cpu} | ` +
      `${names.map((s) => r.p50_ms[s]).join('/')} | ${names.map((s) => r.p99_ms[s]).join('/')} | ${names.map((s) => r.rss_mb[s]).join('/')} |`),
    '', `Medians over the ${rounds} rounds; peak RSS of (c) is the highest of the rounds. Targets: c/d >= 2 and c/b >= 0.85 on every route; c/e >= 0.5 on GET /customer; peak RSS of (c) <= 150 MB; POST /auth/login (bcrypt-bound, measured with 4 connections) has none.`, '',
    '| route | c req/s | c/b | c/d | c/e | c/a | c/b CPU | c/e CPU | peak RSS (c) MB |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...summary.map((m) => `| ${m.route} | ${m.c_rps} | ${m.c_over_b} | ${m.c_over_d} | ${m.c_over_e} | ${m.c_over_a} | ${m.c_over_b_cpu} | ${m.c_over_e_cpu} | ${m.c_rss_mb} |`),
  ].join('\n');
}

/** --profile ROUTE|all: the server as shipped (or, with --profile-server b, without the validator)
 * under --cpu-prof, driven on each route in turn. */
async function profiles(routes: Route[]): Promise<void> {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot });
  const token = await prepare();
  for (const route of routes) {
    const profileDir = mkdtempSync(join(tmpdir(), 'jwi-profile-'));
    onExit(() => rmSync(profileDir, { recursive: true, force: true }));
    const validate = PROFILED_SERVER === 'c';
    const server = await reference(validate, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    const url = `${server.baseUrl}/api${route.path}${route.query}`;
    await drive(url, route, token, WARMUP, undefined, ownDatabase(validate)); // warm-up
    const { requests, seconds } = await drive(url, route, token, SECONDS, undefined, ownDatabase(validate));
    await server.stop(); // a graceful exit writes the profile
    const file = writeProfile(validate ? route.name : `${route.name}, validation off`, summarize(profileDir, `${route.name}: ${requests} requests in ${seconds} s`), repoRoot);
    rmSync(profileDir, { recursive: true, force: true });
    console.log(`${route.name}: ${Math.round(requests / seconds)} req/s under the profiler; ${file}`);
  }
  writeResults();
}

if (values.profile !== undefined) await profiles(profiledRoutes);
else await main();
