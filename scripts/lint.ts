// npm run lint: `redocly lint` (the pinned CLI, telemetry off) of the source tree openapi/, the
// bundle generated/openapi.yaml and the Arazzo workflows; zero problems allowed (redocly.yaml).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine } from '../lib/cli-args.js';
import { redocly, repoRoot, withoutBanner } from './redocly.js';

parseCommandLine({ options: {} }, 'usage: npm run lint');
const workflows = readdirSync(join(repoRoot, 'openapi', 'workflows')).filter((file) => file.endsWith('.arazzo.yaml')).map((file) => `openapi/workflows/${file}`);
const run = redocly(['lint', 'openapi/openapi.yaml', 'generated/openapi.yaml', ...workflows]);
console.log(withoutBanner(`${run.stderr}\n${run.stdout}`));
process.exitCode = run.status;
