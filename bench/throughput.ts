// npm run bench [-- --rounds N --seconds S --connections C]
// Throughput of (a) a bare node:http server returning the same bodies (the ceiling), (b) the
// reference server with request and response validation off, (c) the reference server as shipped
// (both validated), (d) the Prism mock; one server at a time, interleaved over the rounds, each
// driven by autocannon on three routes. Writes bench/RESULTS.md and bench/results.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, repoRoot, startCommand, startProcess, watchPeakRss, type Process } from './processes.js';

const { values } = parseArgs({ options: {
  rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' },
} });
const ROUNDS = Number(values.rounds);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const SERVERS = ['a', 'b', 'c', 'd'] as const;
type Server = (typeof SERVERS)[number];
const LABELS: Record<Server, string> = {
  a: 'bare node:http, same bodies', b: 'reference, validation off', c: 'reference as shipped', d: 'Prism mock',
};

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string; // spec path
  query: string;
  body?: string;
}

const ROUTES: Route[] = [
  { name: 'GET /customer', method: 'GET', path: '/customer', query: '' },
  { name: 'GET /invoice', method: 'GET', path: '/invoice', query: '?status=all&month=2&year=2026' },
  { name: 'POST /help', method: 'POST', path: '/help', query: '', body: JSON.stringify({ help_type: 1, help_solution: 1, description: 'Internet putus (benchmark).' }) },
];

const dir = mkdtempSync(join(tmpdir(), 'jwi-bench-'));
const database = `sqlite:${join(dir, 'jwi.sqlite')}`;
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0002';

async function reference(validate: boolean): Promise<Process> {
  const port = await freePort();
  const [program, args] = startCommand();
  return startProcess(program, args, {
    PORT: String(port), DATABASE_URL: database, UPLOAD_DIR: join(dir, 'uploads'), JWT_SECRET, NODE_ENV: 'development',
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
    return startProcess('bash', ['mock/start.sh'], { MOCK_PORT: String(port) }, port, '/region');
  },
};

/** The token of the demo customer, and the bodies the reference server answers (for the bare server). */
async function prepare(): Promise<string> {
  const server = await reference(true);
  try {
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identifier: 'john@example.com', password: 'rahasia123' }),
    });
    const { token } = (await login.json()) as { token: string };
    const bodies: Record<string, { status: number; body: string }> = {};
    for (const route of ROUTES) {
      const response = await fetch(`${server.baseUrl}/api${route.path}${route.query}`, {
        method: route.method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: route.body,
      });
      bodies[`${route.method} ${route.path}`] = { status: response.status, body: await response.text() };
    }
    writeFileSync(join(dir, 'bodies.json'), JSON.stringify(bodies));
    return token;
  } finally {
    await server.stop();
  }
}

async function drive(url: string, route: Route, token: string, seconds: number) {
  const result = await autocannon({
    url, method: route.method, connections: CONNECTIONS, duration: seconds,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(route.body ? { body: route.body } : {}),
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

interface Run {
  round: number;
  route: string;
  rps: Record<Server, number>;
  p50_ms: Record<Server, number>;
  p99_ms: Record<Server, number>;
  rss_mb: Record<Server, number>;
  errors: Record<Server, number>;
  c_over_b: number;
  c_over_d: number;
  c_over_a: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return round2(sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
};

async function main(): Promise<void> {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot }); // what npm start runs
  const token = await prepare();
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const route of ROUTES) {
      // The four servers of one route are measured back to back, in the reverse order every other
      // round: the machine's speed drifts (other tenants), and ratios of neighbours drift least.
      const entry = { rps: {}, p50_ms: {}, p99_ms: {}, rss_mb: {}, errors: {} } as Omit<Run, 'round' | 'route' | 'c_over_b' | 'c_over_d' | 'c_over_a'>;
      for (const server of round % 2 === 1 ? SERVERS : [...SERVERS].reverse()) {
        const process = await starters[server]();
        try {
          const url = `${process.baseUrl}${server === 'd' ? '' : '/api'}${route.path}${route.query}`;
          await drive(url, route, token, 2); // warm-up, not counted
          const peak = watchPeakRss(process.child.pid!);
          const measured = await drive(url, route, token, SECONDS);
          entry.rps[server] = Math.round(measured.rps);
          entry.p50_ms[server] = measured.p50;
          entry.p99_ms[server] = measured.p99;
          entry.rss_mb[server] = Math.round(peak());
          entry.errors[server] = measured.errors;
          console.error(`round ${round} ${server} ${route.name}: ${Math.round(measured.rps)} req/s, p99 ${measured.p99} ms, ${entry.rss_mb[server]} MB${measured.errors ? `, ${measured.errors} errors` : ''}`);
          if (measured.errors > 0) throw new Error(`(${server}) answered ${route.name} with ${measured.errors} errors or non-2xx: the figures would be wrong`);
        } finally {
          await process.stop();
        }
      }
      runs.push({
        round, route: route.name, ...entry,
        c_over_b: round2(entry.rps.c / entry.rps.b), c_over_d: round2(entry.rps.c / entry.rps.d), c_over_a: round2(entry.rps.c / entry.rps.a),
      });
    }
  }
  const summary = ROUTES.map(({ name }) => {
    const of = runs.filter((r) => r.route === name);
    return {
      route: name, rounds: of.length,
      c_over_b: median(of.map((r) => r.c_over_b)), c_over_d: median(of.map((r) => r.c_over_d)), c_over_a: median(of.map((r) => r.c_over_a)),
      rss_c_over_d: median(of.map((r) => round2(r.rss_mb.c / r.rss_mb.d))),
    };
  });
  writeFileSync(join(repoRoot, 'bench/results.json'), JSON.stringify({
    measured: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, servers: LABELS, runs, summary,
  }, null, 2) + '\n');
  const table = [
    `Throughput, ${CONNECTIONS} connections, ${SECONDS} s per measurement after a 2 s warm-up, load generator on the same machine.`,
    `Servers: ${SERVERS.map((s) => `(${s}) ${LABELS[s]}`).join('; ')}.`, '',
    '| round | route | a req/s | b req/s | c req/s | d req/s | c/b | c/d | c/a | p50 ms a/b/c/d | p99 ms a/b/c/d | peak RSS MB a/b/c/d |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|',
    ...runs.map((r) => `| ${r.round} | ${r.route} | ${r.rps.a} | ${r.rps.b} | ${r.rps.c} | ${r.rps.d} | ${r.c_over_b} | ${r.c_over_d} | ${r.c_over_a} | ` +
      `${SERVERS.map((s) => r.p50_ms[s]).join('/')} | ${SERVERS.map((s) => r.p99_ms[s]).join('/')} | ${SERVERS.map((s) => r.rss_mb[s]).join('/')} |`),
    '', `Medians over the ${ROUNDS} rounds (targets: c/b >= 0.75 on every route; c/d >= 2 and RSS c/d <= 0.6 on GET /customer):`, '',
    '| route | c/b | c/d | c/a | RSS c/d |', '|---|---:|---:|---:|---:|',
    ...summary.map((m) => `| ${m.route} | ${m.c_over_b} | ${m.c_over_d} | ${m.c_over_a} | ${m.rss_c_over_d} |`),
  ].join('\n');
  writeFileSync(join(repoRoot, 'bench/RESULTS.md'), `# Benchmark results\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\n\n${table}\n`);
  console.log(table);
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
