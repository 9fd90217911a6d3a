// npm run bench:contract [-- --examples N]
// How long the full contract suite takes against the reference server (a separate process on a
// fresh SQLite file, as `npm start` runs it), and how many requests per second it drives, per phase.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, wholeNumber } from '../lib/cli-args.js';
import { DEFAULTS } from '../contract-tests/config.js';
import { runSuite } from '../contract-tests/runner.js';
import { RATE_LIMIT_SETTINGS } from '../server/config.js';
import { DEMO_API_KEY, DEMO_LOGINS } from '../server/demo/constants.js';
import { freePort, onExit, startCommand, stopOnExit } from './processes.js';

const USAGE = 'usage: npm run bench:contract [-- --examples N]';
const { values } = parseCommandLine({ options: { examples: { type: 'string', default: '25' } } }, USAGE);
const EXAMPLES = wholeNumber('examples', values.examples, 1, USAGE);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0001';

const dir = mkdtempSync(join(tmpdir(), 'jwi-bench-contract-'));
onExit(() => rmSync(dir, { recursive: true, force: true }));
const port = await freePort();
execFileSync('npm', ['run', '-s', 'build'], { cwd: new URL('..', import.meta.url).pathname }); // what npm start runs
const [program, args] = startCommand();
const server = spawn(program, args, {
  cwd: new URL('..', import.meta.url).pathname,
  env: {
    ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'jwi.sqlite')}`, UPLOAD_DIR: join(dir, 'uploads'),
    LOG_LEVEL: 'warn', JWT_SECRET,
    // Limits the rate-limit phase reaches per account, and no per-client limit: the bench measures the suite, not waits.
    ...Object.fromEntries(Object.values(RATE_LIMIT_SETTINGS).map(({ name }) => [name, '100000,20,900'])),
    RATE_LIMIT_LOGIN: '100000,5,900', RATE_LIMIT_FORGOT_PASSWORD: '100000,3,900', RATE_LIMIT_VERIFY_OTP: '100000,5,900',
  },
  stdio: 'ignore',
});
stopOnExit(server);
{
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false)) break;
    if (i > 200) throw new Error('the reference server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const outcome = await runSuite({
    ...DEFAULTS, baseUrl: `${baseUrl}/api`, apiKey: DEMO_API_KEY, otpEcho: true, jwtSecret: JWT_SECRET, examples: EXAMPLES,
    customer: DEMO_LOGINS[0]!,
  });
  const { results } = outcome;
  console.log(`\nContract suite against the reference server (SQLite), ${EXAMPLES} fuzzed requests per operation\n`);
  console.log('| phase | requests | seconds | req/s |\n|---|---:|---:|---:|');
  for (const p of outcome.phases) console.log(`| ${p.phase} | ${p.requests} | ${p.seconds.toFixed(2)} | ${(p.requests / p.seconds).toFixed(0)} |`);
  console.log(`| **total** | **${results.requests}** | **${results.seconds.toFixed(2)}** | **${(results.requests / results.seconds).toFixed(0)}** |`);
  for (const failure of results.failures) console.log(`[${failure.check}] ${failure.operation}: ${failure.actual}`);
  console.log(`\n${results.failures.length} failures; ${outcome.passed ? 'passed' : 'FAILED'}`);
}
