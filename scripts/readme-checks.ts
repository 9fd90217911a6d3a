// The README's table of the suite's checks, rendered from the registry (contract-tests/checks/
// registry.ts): `npm run generate` writes it between its markers, `npm run check:generated` fails
// when it differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS, TIER_LABEL } from '../contract-tests/checks/registry.js';

const BEGIN = '<!-- checks: generated from contract-tests/checks/registry.ts by npm run generate -->';
const END = '<!-- /checks -->';

export function checksTable(): string {
  const rows = CHECKS.map((check) => `| \`${check.name}\` | ${TIER_LABEL[check.tier]} | ${check.failsWhen} |`);
  return [BEGIN, '| check | tier | fails when |', '|---|---|---|', ...rows, END].join('\n');
}

/** The README with its checks table as the registry has it; throws when the markers are missing. */
export function readmeWithChecks(root: string): { path: string; current: string; expected: string } {
  const path = join(root, 'README.md');
  const current = readFileSync(path, 'utf8');
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no checks table between "${BEGIN}" and "${END}"`);
  return { path, current, expected: current.slice(0, start) + checksTable() + current.slice(end + END.length) };
}

export function writeReadmeChecks(root: string): void {
  const { path, current, expected } = readmeWithChecks(root);
  if (current !== expected) writeFileSync(path, expected);
}
