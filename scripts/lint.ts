// npm run lint: `redocly lint` (the pinned CLI, telemetry off) of the source tree openapi/, the
// bundle generated/openapi.yaml and the Arazzo workflows; zero problems allowed (redocly.yaml).
// Then ESLint (eslint.config.js) over the TypeScript and JavaScript, zero problems allowed.
// `npm run lint -- FILE...` runs ESLint alone, on those files.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { parseCommandLine, usageFailure } from '../lib/cli-args.js';
import { redocly, repoRoot, withoutBanner } from './redocly.js';

const usage = 'usage: npm run lint [-- FILE...]';
const { positionals } = parseCommandLine({ options: {}, allowPositionals: true }, usage);
// npm runs scripts in the project's folder; a FILE is named from where the user is.
const files = positionals.map((file) => resolve(process.env.INIT_CWD ?? process.cwd(), file));
const missing = positionals.find((_, index) => !existsSync(files[index]!));
if (missing !== undefined) usageFailure(`${missing}: no such file or folder`, usage);

if (files.length === 0) {
  const workflows = readdirSync(join(repoRoot, 'openapi', 'workflows')).filter((file) => file.endsWith('.arazzo.yaml')).map((file) => `openapi/workflows/${file}`);
  const run = redocly(['lint', 'openapi/openapi.yaml', 'generated/openapi.yaml', ...workflows]);
  console.log(withoutBanner(`${run.stderr}\n${run.stdout}`));
  process.exitCode = run.status;
}

// The cache (results of files unchanged since, under the same config) makes a second run cheap; a
// fresh checkout (CI) lints everything.
const eslint = new ESLint({ cwd: repoRoot, cache: true, cacheLocation: join(repoRoot, 'node_modules', '.cache', 'eslint') });
const results = await eslint.lintFiles(files.length > 0 ? files : ['.']);
const problems = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
if (problems > 0) {
  console.log(await (await eslint.loadFormatter('stylish')).format(results));
  process.exitCode = 1;
} else {
  console.log(`eslint: ${results.length} ${results.length === 1 ? 'file' : 'files'}, no problems`);
}
