// The human-readable report: the coverage matrix (operation x documented status x error_code) and
// the failures, as Markdown, or as a self-contained HTML page.
import { TIER_LABEL } from '../checks/registry.js';
import type { RunOutcome } from '../runner.js';

const MARK = { passed: 'passed', failed: 'FAILED', uncovered: 'never exercised' } as const;

export function coverageMarkdown(outcome: RunOutcome): string {
  const { results, coverage } = outcome;
  const lines = [
    '# JWI contract suite report', '',
    `Target: ${outcome.config.baseUrl} (profile ${outcome.config.profile}, seed ${outcome.config.seed}). ` +
      `${results.requests} requests in ${results.seconds.toFixed(1)} s. Result: **${outcome.passed ? 'passed' : 'failed'}**.`, '',
    '## Coverage', '', '| operation | status | error_code | outcome |', '|---|---|---|---|',
    ...coverage.map((c) => `| ${c.operation} | ${c.status} | ${c.errorCode ?? ''} | ${c.state === 'uncovered' && c.expectedUncovered ? `not expected: ${c.expectedUncovered}` : MARK[c.state]} |`),
    '', `## Failures (${results.failures.length})`, '',
  ];
  for (const f of results.failures) {
    lines.push(`### ${TIER_LABEL[f.tier]}: ${f.check}: ${f.operation}`, '', `${f.phase}: ${f.name}`, '', `- expected: ${f.expected}`, `- seen: \`${f.actual.replace(/`/g, "'")}\``, '', '```sh', f.curl, '```', '');
  }
  if (results.differences.length > 0) {
    lines.push(`## Differences from the reference server (${results.differences.length}, not failed)`, '',
      'Its own rules, which another implementation need not follow (`--strict` or `--profile reference` fail them).', '',
      '| check | operation | expected | seen (first time) | times | first in |', '|---|---|---|---|---|---|',
      ...results.differences.map((d) => `| ${d.check} | ${d.operation} | ${cell(d.expected)} | ${cell(d.actual)} | ${d.count} | ${cell(d.where)} |`), '');
  }
  if (results.skips.length > 0) {
    lines.push('## Skipped', '', ...results.skips.map((s) => `- ${s.phase}: ${s.what} (${s.reason})`), '');
  }
  return lines.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function coverageHtml(outcome: RunOutcome): string {
  const rows = outcome.coverage.map((c) => {
    const text = c.state === 'uncovered' && c.expectedUncovered ? `not expected: ${c.expectedUncovered}` : MARK[c.state];
    return `<tr class="${c.state}"><td>${html(c.operation)}</td><td>${c.status}</td><td>${html(c.errorCode ?? '')}</td><td>${html(text)}</td></tr>`;
  }).join('\n');
  const failures = outcome.results.failures.map((f) =>
    `<section><h3>${html(TIER_LABEL[f.tier])}: ${html(f.check)}: ${html(f.operation)}</h3><p>${html(f.phase)}: ${html(f.name)}</p><p>expected: ${html(f.expected)}<br>seen: <code>${html(f.actual)}</code></p><pre>${html(f.curl)}</pre></section>`).join('\n');
  const differences = outcome.results.differences.map((d) =>
    `<tr><td>${html(d.check)}</td><td>${html(d.operation)}</td><td>${html(d.expected)}</td><td><code>${html(d.actual)}</code></td><td>${d.count}</td><td>${html(d.where)}</td></tr>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>JWI contract suite report</title><style>
body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}
.passed td:last-child{color:#176317}.failed td:last-child{color:#b00020;font-weight:bold}.uncovered td:last-child{color:#8a6d00}pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}
</style></head><body><h1>JWI contract suite report</h1>
<p>Target: ${html(outcome.config.baseUrl)} (profile ${outcome.config.profile}, seed ${outcome.config.seed}). ${outcome.results.requests} requests. Result: <strong>${outcome.passed ? 'passed' : 'failed'}</strong>.</p>
<h2>Coverage</h2><table><tr><th>operation</th><th>status</th><th>error_code</th><th>outcome</th></tr>
${rows}</table><h2>Failures (${outcome.results.failures.length})</h2>${failures}
<h2>Differences from the reference server (${outcome.results.differences.length}, not failed)</h2>
<p>Its own rules, which another implementation need not follow (<code>--strict</code> or <code>--profile reference</code> fail them).</p>
<table><tr><th>check</th><th>operation</th><th>expected</th><th>seen (first time)</th><th>times</th><th>first in</th></tr>
${differences}</table></body></html>
`;
}
