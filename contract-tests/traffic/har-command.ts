// jwi-contract har FILE... [options]: the checks and coverage of the checking proxy, offline, on
// HAR files. Exit 1 when a finding binds, 0 otherwise, 2 for a mistake (a malformed HAR).
import { COMMAND } from '../config.js';
import { readContractModel } from '../contract.js';
import { TrafficChecker } from './checker.js';
import { foundBaseUrl, HarProblem, readHar } from './har-read.js';
import { CHECK_OPTIONS, CHECK_USAGE, checkConfig, parseCommand, UsageProblem } from './options.js';
import { trafficSummary, writeReports } from './report.js';

export const HAR_USAGE = `usage: ${COMMAND} har FILE... [options]

Checks the exchanges of HAR 1.2 files (browser dev tools, Postman, mitmproxy, \`${COMMAND} proxy --har\`)
against the contract, as the suite checks its own.

  --base-url URL         the API's base URL in the files (default: the one origin of the entries
                         under /api, with /api); entries elsewhere are counted, not checked
${CHECK_USAGE}
  --help                 this text`;

export function harCommand(): number {
  const { values, positionals } = parseCommand({ args: process.argv.slice(3), options: { ...CHECK_OPTIONS, 'base-url': { type: 'string' } }, allowPositionals: true }, `${COMMAND} har`);
  if (values.help) {
    console.log(HAR_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageProblem(`give the HAR files to check: ${COMMAND} har FILE...`);
  let exchanges;
  let baseUrl;
  try {
    exchanges = positionals.flatMap((file) => readHar(file));
    baseUrl = values['base-url']?.replace(/\/+$/, '') ?? foundBaseUrl(exchanges, '/api');
  } catch (error) {
    if (error instanceof HarProblem) throw new UsageProblem(error.message);
    throw error;
  }
  const config = checkConfig(baseUrl, values);
  const origin = new URL(config.baseUrl).origin;
  const checker = new TrafficChecker(readContractModel(), config, `jwi-contract har ${positionals.join(' ')}`, 64 << 20);
  for (const { url, observed, where } of exchanges) {
    if (url.origin === origin) checker.check(observed, where);
    else checker.elsewhere(observed);
  }
  writeReports(checker, { report: values.report, junit: values.junit });
  console.log(trafficSummary(checker));
  for (const [what, file] of [['Report', values.report], ['JUnit XML', values.junit]] as const) if (file) console.log(`${what}: ${file}`);
  return checker.failed > 0 ? 1 : 0;
}
