// npm run build, and npm start before it starts: the server bundled into dist/server/main.mjs.
// Plain JavaScript run by node (no TypeScript loader, no nested npm): it runs before every
// `npm start`, whose start-up time must not grow by a second npm's (docs/performance.md, "Start-up").
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../server/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/server/main.mjs', import.meta.url).pathname,
  bundle: true, platform: 'node', format: 'esm', packages: 'external', sourcemap: true, logLevel: 'warning',
});
