// What the run prints: a live progress line while it runs, then a summary with every failure
// (check, operation, expected, seen, and a curl line that reproduces it), skips and coverage.
import type { Phase, RunOutcome } from '../runner.js';
import type { Results } from '../results.js';
import { TIER_HEADING, TIER_LABEL } from '../checks/registry.js';
import { holdsReferenceRules } from '../profiles.js';

export function progressLine(results: Results, phase: () => Phase | undefined): () => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  let lastNotice: string | undefined;
  return () => {
    const now = performance.now();
    const noticeChanged = results.notice !== lastNotice;
    lastNotice = results.notice;
    if (!noticeChanged && now - last < (tty ? 100 : 5000)) return;
    if (!tty && noticeChanged && results.notice === undefined) return; // the end of a wait needs no line of its own
    last = now;
    const text = `[${phase() ?? ''}] ${results.requests} requests, ${results.failures.length} failures, ${(results.requests / results.seconds).toFixed(0)} req/s`
      + (results.notice ? `; ${results.notice}` : '');
    process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
  };
}

export interface SummaryOptions {
  maxFailures?: number;
  /** Each outcome never exercised on a line of its own (observed traffic reaches few: false). */
  listUncovered?: boolean;
  /** What was checked, instead of the suite's run (target, seed, requests per phase). */
  heading?: string[];
}

export function summary(outcome: RunOutcome, { maxFailures = 50, listUncovered = true, heading: about }: SummaryOptions = {}): string {
  const { results, coverage, phases } = outcome;
  const lines: string[] = [''];
  if (about) lines.push(...about);
  else {
    lines.push(`JWI contract suite: ${outcome.config.baseUrl} (profile ${outcome.config.profile}, seed ${outcome.config.seed})`);
    lines.push(`${results.requests} requests in ${results.seconds.toFixed(1)} s (${(results.requests / results.seconds).toFixed(0)} req/s)`);
    for (const p of phases) lines.push(`  ${p.phase.padEnd(11)} ${String(p.requests).padStart(6)} requests  ${p.seconds.toFixed(1).padStart(6)} s`);
  }

  const holds = holdsReferenceRules(outcome.config);
  lines.push('', `Checks (profile ${outcome.config.profile}: ${holds
    ? 'the contract, security and the reference server\'s own rules bind)'
    : 'the contract and security bind; the reference server\'s own rules are listed as differences, not failed)'}:`);
  let heading: string | undefined;
  for (const total of results.checkTotals()) {
    if (TIER_HEADING[total.tier] !== heading) lines.push(`  ${(heading = TIER_HEADING[total.tier])}`);
    const mark = total.failed ? 'FAIL' : total.differed ? 'note' : 'ok  ';
    lines.push(`    ${mark} ${total.check.padEnd(33)} ${total.passed} passed, ${total.failed} failed${total.differed ? `, ${total.differed} differ from the reference server` : ''}`);
  }

  if (results.failures.length > 0) {
    lines.push('', `Failures (${results.failures.length}${results.failures.length > maxFailures ? `, the first ${maxFailures}` : ''}):`);
    for (const failure of results.failures.slice(0, maxFailures)) {
      lines.push('', `  [${TIER_LABEL[failure.tier]}: ${failure.check}] ${failure.operation} (${failure.phase}: ${failure.name})`,
        `    expected: ${failure.expected}`, `    seen:     ${failure.actual}`, `    ${failure.curl}`);
    }
  }
  const differences = results.differences;
  if (differences.length > 0) {
    lines.push('', `Differences from the reference server (${differences.length}: its own rules, which another implementation need not follow; --strict fails them):`);
    for (const d of differences.slice(0, maxFailures)) {
      lines.push(`  [${d.check}] ${d.operation}: expected ${d.expected}; seen ${d.actual} (${d.count}x, first in ${d.where})`);
    }
  }
  if (results.rateLimited.size > 0) {
    lines.push('', 'Rate limited (429 with a Retry-After beyond --max-wait; not a failure, but what was not sent was not checked):');
    for (const limited of results.rateLimited.values()) {
      lines.push(`  ${limited.operation}: Retry-After ${limited.retryAfterSeconds ?? '?'} s, in ${[...limited.phases].join(', ')}; ${limited.unsent} requests not sent`);
    }
  }
  if (results.skips.length > 0) {
    lines.push('', 'Skipped:');
    for (const skip of results.skips) lines.push(`  ${skip.phase}: ${skip.what} (${skip.reason})`);
  }
  const covered = coverage.filter((c) => c.state !== 'uncovered').length;
  const uncovered = coverage.filter((c) => c.state === 'uncovered' && !c.expectedUncovered);
  lines.push('', `Coverage: ${covered} of ${coverage.length} documented outcomes exercised` +
    `, ${coverage.filter((c) => c.state === 'failed').length} failed, ${uncovered.length} never exercised` +
    `, ${coverage.filter((c) => c.state === 'uncovered' && c.expectedUncovered).length} expected not to be`);
  if (listUncovered) for (const cell of uncovered) lines.push(`  never exercised: ${cell.operation} ${cell.status}${cell.errorCode ? ` ${cell.errorCode}` : ''}`);
  lines.push('', outcome.passed ? 'PASSED' : 'FAILED');
  return lines.join('\n');
}
