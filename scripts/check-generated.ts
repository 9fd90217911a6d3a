// Fails when generated/ differs from a fresh regeneration of openapi/ (run `npm run generate`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { readmeWithChecks } from './readme-checks.js';

const root = resolve(import.meta.dirname, '..');
const committed = join(root, 'generated');
const fresh = mkdtempSync(join(tmpdir(), 'jwi-generated-'));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

try {
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/generate.ts'), '--out', fresh], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const names = [...new Set([...files(committed), ...files(fresh)])].sort();
  const stale = names.filter((name) => {
    try {
      return !readFileSync(join(committed, name)).equals(readFileSync(join(fresh, name)));
    } catch {
      return true; // present on one side only
    }
  });
  const readme = readmeWithChecks(root);
  if (readme.current !== readme.expected) stale.push('README.md (its table of checks, from contract-tests/checks/registry.ts)');
  if (stale.length > 0) {
    console.error(`generated/ is stale: ${stale.join(', ')} differ from openapi/.\nRun \`npm run generate\` and commit the result.`);
    process.exitCode = 1;
  } else {
    console.log(`generated/ is up to date (${names.length} files).`);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
