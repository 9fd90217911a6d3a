// jwi-contract proxy --upstream URL [options]: the checking proxy as a command. It runs until
// SIGINT or SIGTERM, showing a status line, writing its reports every few seconds and once more on
// the way out, then exits 0 (the findings are in the reports; the traffic was never refused).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { COMMAND } from '../config.js';
import { readContractModel } from '../contract.js';
import { TrafficChecker } from './checker.js';
import { harWriter, type HarWriter } from './har-write.js';
import { CHECK_OPTIONS, CHECK_USAGE, checkConfig, parseCommand, UsageProblem } from './options.js';
import { startCheckingProxy } from './proxy.js';
import { trafficSummary, writeReports } from './report.js';

export const PROXY_USAGE = `usage: ${COMMAND} proxy --upstream URL [options]

A reverse proxy that forwards every request to URL unchanged and checks each answer against the
contract after it went back: point your app at it instead of at the API.

  --upstream URL         the API, with its base path (https://staging.example.com/api); the request
                         line goes to its origin unchanged, and its path says where the API is
                         (/api when it has none)
  --port N               the port to listen on (default 8080; 0: any free port)
  --host ADDRESS         the address to listen on (default 127.0.0.1)
  --har FILE             also write the traffic as a HAR file, redacted (for \`${COMMAND} har\`)
  --max-body BYTES       bytes of each body kept for the checks (default 1048576); a longer body is
                         forwarded whole and only its status and headers are checked
  --every S              seconds between two writes of the reports (default 10)
${CHECK_USAGE}
  --help                 this text`;

const OPTIONS = {
  ...CHECK_OPTIONS,
  upstream: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, har: { type: 'string' },
  'max-body': { type: 'string' }, every: { type: 'string' },
} as const;

const number = (name: string, value: string | undefined, fallback: number, min: number) => {
  if (value === undefined) return fallback;
  if (/^\d+$/.test(value) && Number(value) >= min) return Number(value);
  throw new UsageProblem(`--${name} must be a whole number of at least ${min}, not ${JSON.stringify(value)}`);
};

/** The upstream as the proxy reaches it, and the API's base URL in it. */
function upstreamOf(value: string | undefined): { upstream: URL; baseUrl: string } {
  const example = 'https://staging.example.com/api';
  if (value === undefined) throw new UsageProblem(`--upstream is required: the API's base URL, e.g. ${example}`);
  if (!/^https?:\/\/[^\s/]+\S*$/.test(value) || !URL.canParse(value)) throw new UsageProblem(`--upstream ${JSON.stringify(value)} is not an http(s) URL: give the API's base URL, e.g. ${example}`);
  const upstream = new URL(value);
  const path = upstream.pathname.replace(/\/+$/, '') || '/api';
  return { upstream, baseUrl: `${upstream.origin}${path}` };
}

/** Any answer at all from the upstream's origin: it can be reached. */
function reachable(upstream: URL): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = (upstream.protocol === 'https:' ? httpsRequest : httpRequest)(upstream, { method: 'HEAD', timeout: 5000 }, (res) => {
      res.resume();
      resolve(undefined);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer within 5 s'), { code: 'a timeout' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

export async function proxyCommand(): Promise<number> {
  const { values } = parseCommand({ args: process.argv.slice(3), options: OPTIONS }, `${COMMAND} proxy`);
  if (values.help) {
    console.log(PROXY_USAGE);
    return 0;
  }
  const { upstream, baseUrl } = upstreamOf(values.upstream);
  const config = checkConfig(baseUrl, values);
  const port = number('port', values.port, 8080, 0);
  const maxBody = number('max-body', values['max-body'], 1 << 20, 0);
  const every = number('every', values.every, 10, 1);
  const problem = await reachable(upstream);
  if (problem) throw new UsageProblem(`--upstream ${upstream.origin} cannot be reached (${problem}): start it, or give the URL of one that runs`);

  const checker = new TrafficChecker(readContractModel(), config, 'jwi-contract proxy', maxBody);
  const files = { report: values.report, junit: values.junit };
  writeReports(checker, files); // a path that cannot be written is said now, not after a day of traffic
  let har: HarWriter | undefined;
  if (values.har) har = harWriter(values.har, upstream, checker.results.redact, maxBody);
  let checkFaults = 0;
  let proxy;
  try {
    proxy = await startCheckingProxy({
      upstream, port, host: values.host ?? '127.0.0.1', maxBodyBytes: maxBody,
      onExchange: (observed) => {
        try {
          checker.check(observed);
          har?.add(observed);
        } catch (error) {
          // A fault of the checks (or a full disk under --har) must not end the proxy the app goes through.
          if (checkFaults++ === 0) process.stderr.write(`\nan exchange could not be checked (${checker.results.redact((error as Error).message)}); the traffic goes on\n`);
        }
      },
    });
  } catch (error) {
    throw new UsageProblem(`cannot listen on ${values.host ?? '127.0.0.1'}:${port} (${(error as NodeJS.ErrnoException).code}): give another --port`);
  }
  console.log(`Checking proxy on ${proxy.url} -> ${upstream.origin} (the API at ${baseUrl}; profile ${config.profile}${config.strict ? ', strict' : ''}). Ctrl-C writes the reports and stops.`);

  const tty = process.stderr.isTTY;
  const status = () => {
    const covered = checker.outcome().coverage;
    const text = `${checker.exchanges} exchanges, ${checker.failed} failures, ${checker.undocumented.count} undocumented, ` +
      `${covered.filter((c) => c.state !== 'uncovered').length} of ${covered.length} outcomes covered`;
    process.stderr.write(tty ? `\r\x1b[K${text}` : `${new Date().toISOString()} ${text}\n`);
  };
  let written = -1;
  const timers = [
    setInterval(status, tty ? 500 : every * 1000),
    setInterval(() => {
      if (written === checker.exchanges) return;
      written = checker.exchanges;
      try {
        writeReports(checker, files);
      } catch (error) {
        // The disk filled up, say: the traffic goes on, and the next write may succeed.
        process.stderr.write(`${(error as Error).message}\n`);
      }
    }, every * 1000),
  ];
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  for (const timer of timers) clearInterval(timer);
  await Promise.race([proxy.close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
  // The checks of the last exchanges run on the next turns of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  har?.close();
  writeReports(checker, files);
  if (tty) process.stderr.write('\r\x1b[K');
  console.log(trafficSummary(checker));
  if (checkFaults > 0) console.log(`${checkFaults} exchanges could not be checked (forwarded all the same)`);
  for (const [what, file] of [['Report', files.report], ['JUnit XML', files.junit], ['HAR', values.har]] as const) if (file) console.log(`${what}: ${file}`);
  return 0;
}
