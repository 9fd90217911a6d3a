// What a traffic check writes: the suite's own reports (console summary, JUnit, the coverage page
// as Markdown or HTML) of the exchanges so far, or (any other name) as JSON, beside what
// was not checked. Everything in them went through the suite's redaction (results.ts).
import { writeFileSync } from 'node:fs';
import { coverageHtml, coverageMarkdown } from '../report/coverage-page.js';
import { summary } from '../report/console.js';
import { junitXml } from '../report/junit.js';
import { KEEP_FAILURES, type TrafficChecker } from './checker.js';
import { writing } from './options.js';

export interface ReportFiles {
  report?: string;
  junit?: string;
}

/** The outcome as JSON: counts, the checks' tallies, the coverage matrix, the failures kept, the differences. */
export function trafficJson(checker: TrafficChecker): object {
  const outcome = checker.outcome();
  const { results, coverage } = outcome;
  return {
    source: checker.source,
    baseUrl: checker.config.baseUrl,
    profile: checker.config.profile,
    strict: checker.config.strict,
    seconds: Number(results.seconds.toFixed(1)),
    exchanges: checker.exchanges,
    checked: results.requests,
    passed: outcome.passed,
    failed: checker.failed,
    notChecked: { undocumented: checker.undocumented, incomplete: checker.incomplete, bodyUnread: checker.bodyUnread },
    checks: results.checkTotals(),
    coverage: {
      exercised: coverage.filter((cell) => cell.state !== 'uncovered').length,
      documented: coverage.length,
      cells: coverage.map(({ operation, status, errorCode, state }) => ({ operation, status, errorCode, state })),
    },
    failures: results.failures,
    failuresKeptPerCheckAndOperation: KEEP_FAILURES,
    differences: results.differences,
  };
}

/** The lines about what was seen but not checked, for the console. */
export function notCheckedLines(checker: TrafficChecker): string[] {
  const lines: string[] = [];
  const kinds = [
    ['not documented by the spec (forwarded, not checked)', checker.undocumented],
    ['without a complete answer (the upstream refused or reset, or the client went away; not checked)', checker.incomplete],
    ['with a body too large or not recorded (status and headers checked only)', checker.bodyUnread],
  ] as const;
  for (const [what, kind] of kinds) {
    if (kind.count === 0) continue;
    lines.push(`${kind.count} exchanges ${what}, e.g.:`, ...kind.examples.slice(0, 5).map((example) => `  ${example}`));
  }
  const kept = checker.results.failures.length;
  if (checker.failed > kept) lines.push(`${checker.failed} failures in all; the first ${KEEP_FAILURES} of each check on each operation are kept with their curl lines`);
  return lines;
}

/** The console summary: the suite's, with what was not checked (the outcomes never exercised are in the reports). */
export function trafficSummary(checker: TrafficChecker): string {
  const { results, config } = checker;
  const heading = [`${checker.source}: the API at ${config.baseUrl} (profile ${config.profile}${config.strict ? ', strict' : ''})`,
    `${checker.exchanges} exchanges in ${results.seconds.toFixed(1)} s, ${results.requests} checked`, ...notCheckedLines(checker)];
  return summary(checker.outcome(), { listUncovered: false, heading }).replace(/^\n/, '');
}

export function writeReports(checker: TrafficChecker, files: ReportFiles): void {
  if (files.junit) writing(files.junit, () => writeFileSync(files.junit!, junitXml(checker.outcome())));
  if (!files.report) return;
  const report = files.report;
  const text = report.endsWith('.html') ? coverageHtml(checker.outcome())
    : report.endsWith('.md') ? coverageMarkdown(checker.outcome()) : `${JSON.stringify(trafficJson(checker), null, 2)}\n`;
  writing(report, () => writeFileSync(report, text));
}
