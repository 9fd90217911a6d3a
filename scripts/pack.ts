// npm run pack [-- --out DIR]: builds the two packages teams install outside this repository, as
// tarballs in dist/packages/ (or DIR), each versioned as the contract (info.version):
// - @jwi/api-client (packages/client): createJwiClient compiled to JavaScript with declarations, as
//   an ES module and as CommonJS, the generated types, the bundled spec; openapi-fetch its one
//   dependency. And the MSW handlers (`@jwi/api-client/msw`, scripts/msw-bundle.ts, an ES module)
//   with their declarations; msw is the project's own, an optional peer dependency at the kit's major.
// - @jwi/contract-suite (packages/contract): the conformance suite as the command `jwi-contract`,
//   one JavaScript file bundled by esbuild with its dependencies (no TypeScript loader, nothing to
//   install), beside the bundled spec it checks.
// It packs generated/ as committed: `npm test` checks that it is fresh.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { parseCommandLine } from '../lib/cli-args.js';
import { loadBundle, type JsonObject } from '../lib/spec/bundle.js';
import { bundleMswHandlers } from './msw-bundle.js';
import { repoRoot } from './redocly.js';

const require = createRequire(import.meta.url);
const { values } = parseCommandLine({ options: { out: { type: 'string' } } }, 'usage: npm run pack [-- --out DIR]');
const out = resolve(values.out ?? join(repoRoot, 'dist', 'packages'));
const version = String((loadBundle().info as JsonObject).version);
const kit = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
// The workflows phase runs Redocly's respect: an optional peer of the suite, at the kit's pin.
const redoclyCli = { '@redocly/cli': kit.devDependencies['@redocly/cli']! };
const from = (...path: string[]) => join(repoRoot, ...path);

/** Stages a package: its manifest from packages/NAME with the version (and `extra`), its README, the changelog, then `fill` adds its files. */
async function pack(name: string, extra: JsonObject, fill: (stage: string) => Promise<void> | void): Promise<string> {
  const stage = mkdtempSync(join(tmpdir(), `jwi-pack-${name}-`));
  try {
    const { '//': _, ...manifest } = JSON.parse(readFileSync(from('packages', name, 'package.json'), 'utf8')) as JsonObject;
    writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: manifest.name, version, ...manifest, ...extra }, null, 2) + '\n');
    copyFileSync(from('packages', name, 'README.md'), join(stage, 'README.md'));
    copyFileSync(from('CHANGELOG.md'), join(stage, 'CHANGELOG.md'));
    await fill(stage);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', stage, '--pack-destination', out, '--json', '--silent'], { encoding: 'utf8' })) as { filename: string }[];
    return join(out, packed!.filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

mkdirSync(out, { recursive: true });

const TSC_OPTIONS = ['--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
  '--lib', 'es2023,dom,dom.iterable', '--strict', '--skipLibCheck', '--types', 'node'];
const tsc = (...args: string[]) => execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), ...args, ...TSC_OPTIONS], { stdio: 'inherit' });

/** msw.js and msw.d.ts of the client package. */
async function packMswHandlers(stage: string): Promise<void> {
  const size = await bundleMswHandlers(join(stage, 'msw.js'));
  console.log(`msw.js: ${size.kB} kB, ${size.gzippedKB} kB gzipped`);
  // Its declarations are generated/msw.ts's own, which name only msw's types and ./api.js; tsc also
  // writes those of the modules it imports, which stay out of the package.
  const declarations = mkdtempSync(join(tmpdir(), 'jwi-msw-types-'));
  try {
    tsc(from('generated', 'msw.ts'), '--outDir', declarations, '--declaration', '--emitDeclarationOnly', '--resolveJsonModule', '--verbatimModuleSyntax');
    const types = readFileSync(join(declarations, 'generated', 'msw.d.ts'), 'utf8');
    const imported = [...types.matchAll(/from '([^']+)'/g)].map((m) => m[1]).filter((name) => name !== 'msw' && name !== './api.js');
    if (imported.length > 0) throw new Error(`msw.d.ts imports ${imported.join(', ')}: its public types must name only msw and ./api.js`);
    writeFileSync(join(stage, 'msw.d.ts'), types);
  } finally {
    rmSync(declarations, { recursive: true, force: true });
  }
}

// The client's modules are the subpaths of its manifest's `exports` with `import` and `require`
// conditions: each is generated/NAME.ts, compiled twice, as an ES module (NAME.js, NAME.d.ts) and as
// CommonJS (NAME.cjs, NAME.d.cts), so that a CommonJS project (`npm init`'s default) can require it
// and its TypeScript finds declarations of the right kind.
type Conditional = { import: { types: string; default: string }; require: { types: string; default: string } };
const clientManifest = JSON.parse(readFileSync(from('packages', 'client', 'package.json'), 'utf8')) as { exports: Record<string, string | Conditional | { types: string; default: string }> };
const clientModules = Object.values(clientManifest.exports).flatMap((target) => (typeof target === 'object' && 'import' in target ? [basename(target.import.default, '.js')] : []));
// The clients' types: the contract's (generated/server-api.d.ts is the reference server's, and stays out).
const declarations = ['api.d.ts'];

const client = await pack('client', {
  dependencies: { 'openapi-fetch': kit.dependencies['openapi-fetch']! },
  peerDependencies: { msw: `^${kit.devDependencies.msw!}` },
}, async (stage) => {
  tsc(...clientModules.map((name) => from('generated', `${name}.ts`)), '--outDir', stage, '--declaration', '--verbatimModuleSyntax');
  // CommonJS: the same sources as .cts files (a relative './x.js' import as './x.cjs'), in a folder of
  // the repository so that they find its node_modules. openapi-fetch's CommonJS build exports its
  // client as `default` (esModuleInterop reads it so).
  mkdirSync(from('dist'), { recursive: true });
  const cjs = mkdtempSync(join(from('dist'), '.client-cjs-'));
  try {
    const asCommonJs = (source: string) => source.replace(/(from '\.\/[^']+)\.js'/g, "$1.cjs'");
    for (const name of clientModules) writeFileSync(join(cjs, `${name}.cts`), asCommonJs(readFileSync(from('generated', `${name}.ts`), 'utf8')));
    for (const file of declarations) {
      const text = asCommonJs(readFileSync(from('generated', file), 'utf8'));
      writeFileSync(join(cjs, file.replace(/\.d\.ts$/, '.d.cts')), text);
      writeFileSync(join(stage, file.replace(/\.d\.ts$/, '.d.cts')), text);
    }
    tsc(...clientModules.map((name) => join(cjs, `${name}.cts`)), '--outDir', stage, '--declaration', '--esModuleInterop');
  } finally {
    rmSync(cjs, { recursive: true, force: true });
  }
  for (const file of [...declarations, 'openapi.json', 'openapi.yaml']) copyFileSync(from('generated', file), join(stage, file));
  await packMswHandlers(stage);
});

const suite = await pack('contract', { peerDependencies: redoclyCli, peerDependenciesMeta: { '@redocly/cli': { optional: true } } }, async (stage) => {
  const bin = join(stage, 'dist', 'contract', 'jwi-contract.mjs');
  await build({
    entryPoints: [from('contract-tests', 'cli.ts')],
    outfile: bin,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: {
      'process.env.JWI_CONTRACT_COMMAND': '"jwi-contract"',
      'process.env.JWI_REDOCLY_CLI': JSON.stringify(Object.entries(redoclyCli).map(([name, version]) => `${name}@${version}`)[0]),
    },
    legalComments: 'eof',
    logLevel: 'warning',
  });
  chmodSync(bin, 0o755);
  // The suite reads the spec at ../../generated/openapi.json from its own file (lib/spec/bundle.ts), and
  // the workflows beside it in openapi/workflows/ (they name ../../generated/openapi.yaml), as in the repository.
  mkdirSync(join(stage, 'generated'));
  for (const file of ['openapi.json', 'openapi.yaml']) copyFileSync(from('generated', file), join(stage, 'generated', file));
  mkdirSync(join(stage, 'openapi', 'workflows'), { recursive: true });
  for (const file of readdirSync(from('openapi', 'workflows')).filter((f) => f.endsWith('.arazzo.yaml'))) {
    copyFileSync(from('openapi', 'workflows', file), join(stage, 'openapi', 'workflows', file));
  }
  // The config for the kit's reference server with its demo data (npm start), and an example of every setting.
  copyFileSync(from('contract-tests', 'demo.json'), join(stage, 'demo.json'));
});

for (const file of [client, suite]) console.log(`${file} (${(statSync(file).size / 1024).toFixed(0)} kB)`);
