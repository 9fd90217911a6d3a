// JUnit XML: a test suite per operation with a test case per check (failed when any exchange
// failed it), and a "coverage" suite with a case per documented outcome (skipped when never
// exercised).
import type { RunOutcome } from '../runner.js';

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitXml(outcome: RunOutcome): string {
  const { results, coverage } = outcome;
  const byOperation = new Map<string, { check: string; passed: number; failed: number }[]>();
  for (const [key, [passed, failed]] of results.tally) {
    const [operation, check] = key.split('|') as [string, string];
    byOperation.set(operation, [...(byOperation.get(operation) ?? []), { check, passed, failed }]);
  }
  const suites: string[] = [];
  for (const [operation, checks] of [...byOperation].sort()) {
    const cases = checks.sort((a, b) => a.check.localeCompare(b.check)).map(({ check, passed, failed }) => {
      if (failed === 0) return `    <testcase classname="${xml(operation)}" name="${xml(check)}"><system-out>${passed} passed</system-out></testcase>`;
      const details = results.failures.filter((f) => f.operation === operation && f.check === check).slice(0, 5)
        .map((f) => `${f.phase}: ${f.name}\nexpected: ${f.expected}\nseen: ${f.actual}\n${f.curl}`).join('\n\n');
      return `    <testcase classname="${xml(operation)}" name="${xml(check)}"><failure message="${failed} of ${passed + failed} failed">${xml(details)}</failure></testcase>`;
    });
    const failures = checks.filter((c) => c.failed > 0).length;
    suites.push(`  <testsuite name="${xml(operation)}" tests="${checks.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const cells = coverage.map((cell) => {
    const name = `${cell.status}${cell.errorCode ? ` ${cell.errorCode}` : ''}`;
    const body = cell.state === 'failed' ? '<failure message="exercised and failed"/>'
      : cell.state === 'uncovered' ? `<skipped message="${xml(cell.expectedUncovered ? `not expected: ${cell.expectedUncovered}` : 'never exercised')}"/>` : '';
    return `    <testcase classname="coverage.${xml(cell.operation)}" name="${xml(name)}">${body}</testcase>`;
  });
  suites.push(`  <testsuite name="coverage" tests="${coverage.length}" failures="${coverage.filter((c) => c.state === 'failed').length}" skipped="${coverage.filter((c) => c.state === 'uncovered').length}">\n${cells.join('\n')}\n  </testsuite>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jwi-contract">\n${suites.join('\n')}\n</testsuites>\n`;
}
