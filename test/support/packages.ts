// The kit's packages as a team gets them: `npm run pack` into a folder of the test's own, and empty
// projects outside the repository that install them (npm install of the tarball; their registry
// dependencies from the npm registry, or npm's cache).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { runCommand } from './commands.js';
import { repoRoot } from '../../lib/processes.js';

export const contractVersion = String((loadBundle().info as JsonObject).version);
// The tests' own npm settings (npm_config_*, npm_package_*) stay here: the projects are someone else's.
export const outsideEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));

export interface Packages {
  tarballs: { client: string; suite: string };
  /** A temporary folder, removed by cleanup(). */
  tempDir(label: string): string;
  /** An empty project (`type` module or commonjs) with `packages` installed. */
  project(label: string, packages: string[], type?: 'module' | 'commonjs'): Promise<string>;
  cleanup(): void;
}

export async function packKit(): Promise<Packages> {
  const scratch: string[] = [];
  const tempDir = (label: string) => {
    const dir = mkdtempSync(join(tmpdir(), `jwi-${label}-`));
    scratch.push(dir);
    return dir;
  };
  const out = tempDir('packages');
  const pack = await runCommand('npm', ['run', '-s', 'pack', '--', '--out', out], { cwd: repoRoot, env: outsideEnv });
  if (pack.code !== 0) throw new Error(`npm run pack failed:\n${pack.stderr}`);
  const tarballs = { client: join(out, `jwi-api-client-${contractVersion}.tgz`), suite: join(out, `jwi-contract-suite-${contractVersion}.tgz`) };
  const packed = readdirSync(out).sort();
  if (packed.join() !== [tarballs.client, tarballs.suite].map((f) => f.slice(out.length + 1)).join()) throw new Error(`npm run pack wrote ${packed.join(', ')}`);
  return {
    tarballs,
    tempDir,
    async project(label, packages, type = 'module') {
      const dir = tempDir(label);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `jwi-${label}-consumer`, private: true, type }));
      const install = await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packages], { cwd: dir, env: outsideEnv });
      if (install.code !== 0) throw new Error(`npm install ${packages.join(' ')} failed:\n${install.stderr}`);
      return dir;
    },
    cleanup: () => {
      for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
    },
  };
}
