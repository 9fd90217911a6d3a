// JUnit XML: a test suite per operation with a test case per check and tier (failed when a finding
// of it binds the run; the differences from the reference server that do not are listed in its
// output), and a "coverage" suite with a case per documented outcome (skipped when never exercised).
import { TIER_LABEL, type Tier } from '../checks/registry.js';
import type { Tally } from '../results.js';
import type { RunOutcome } from '../runner.js';

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitXml(outcome: RunOutcome): string {
  const { results, coverage } = outcome;
  const byOperation = new Map<string, ({ check: string; tier: Tier } & Tally)[]>();
  for (const [key, tally] of results.tally) {
    const [operation, check, tier] = key.split('|') as [string, string, Tier];
    byOperation.set(operation, [...(byOperation.get(operation) ?? []), { check, tier, ...tally }]);
  }
  const differences = results.differences;
  const suites: string[] = [];
  for (const [operation, checks] of [...byOperation].sort()) {
    const cases = checks.sort((a, b) => a.check.localeCompare(b.check) || a.tier.localeCompare(b.tier)).map(({ check, tier, passed, failed, differed }) => {
      const name = `${xml(check)} [${TIER_LABEL[tier]}]`;
      if (failed === 0) {
        const noted = differences.filter((d) => d.operation === operation && d.check === check)
          .map((d) => `differs from the reference server (${d.count}x, not failed): expected ${d.expected}; seen ${d.actual}; first in ${d.where}`);
        const out = [`${passed} passed${differed ? `, ${differed} differ from the reference server` : ''}`, ...(differed ? noted : [])].join('\n');
        return `    <testcase classname="${xml(operation)}" name="${name}"><system-out>${xml(out)}</system-out></testcase>`;
      }
      const details = results.failures.filter((f) => f.operation === operation && f.check === check && f.tier === tier).slice(0, 5)
        .map((f) => `${f.phase}: ${f.name}\nexpected: ${f.expected}\nseen: ${f.actual}\n${f.curl}`).join('\n\n');
      return `    <testcase classname="${xml(operation)}" name="${name}"><failure message="${failed} of ${passed + failed} failed">${xml(details)}</failure></testcase>`;
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
