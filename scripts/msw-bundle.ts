// The MSW handlers as the client package ships them (`@jwi/api-client/msw`): generated/msw.ts bundled
// by esbuild into one ES module with what it runs on (the spec validator, Ajv, the spec), for Node and
// browsers alike; msw stays an import of the project's own. `npm run pack` and the browser test build
// it the same way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { repoRoot } from './redocly.js';

export async function bundleMswHandlers(outfile: string): Promise<{ kB: number; gzippedKB: number }> {
  await build({
    entryPoints: [join(repoRoot, 'generated', 'msw.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser', // and Node: nothing in it needs Node's own modules
    target: 'es2022',
    external: ['msw'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  const bytes = readFileSync(outfile);
  return { kB: Math.round(bytes.length / 1024), gzippedKB: Math.round(gzipSync(bytes).length / 1024) };
}
