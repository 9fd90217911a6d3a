// The two packages of `npm run pack`, each installed into an empty project outside the repository
// (npm install of the tarball; openapi-fetch, TypeScript and msw come from the npm registry) and used
// there: the client logs in and reads GET /customer from the reference server, type-checked by the
// project's own TypeScript; its MSW handlers (`@jwi/api-client/msw`, once the project adds msw) answer
// the client in msw/node; the command `jwi-contract` runs the whole suite against the reference
// server and exits 0. Both are versioned as the contract, and nothing in them points back here.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../lib/spec/bundle.js';
import { startReferenceTarget, type ReferenceTarget } from '../contract-tests/target.js';
import { startCheckingProxy } from '../contract-tests/traffic/checking-proxy.js';
import { runCommand } from '../support/commands.js';
import { contractVersion as version, outsideEnv as env, packKit, type Packages } from '../support/packages.js';
import { repoRoot } from '../../lib/processes.js';

const kit = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const run = (command: string, args: string[], cwd: string) => runCommand(command, args, { cwd, env });

const filesOf = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();

let packages: Packages;
let tarballs: Packages['tarballs'];
let target: ReferenceTarget;
const project = (label: string, names: string[], type?: 'module' | 'commonjs') => packages.project(label, names, type);

beforeAll(async () => {
  packages = await packKit();
  tarballs = packages.tarballs;
  target = await startReferenceTarget();
}, 120_000);
afterAll(async () => {
  await target?.close();
  packages?.cleanup();
});

describe('@jwi/api-client, installed in an empty project', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project('client', [tarballs.client, `typescript@${kit.devDependencies.typescript}`]);
  }, 180_000);

  it('is the contract version, with openapi-fetch its one dependency, the compiled client, its declarations, the MSW handlers and the bundled spec', () => {
    const installed = join(dir, 'node_modules', '@jwi', 'api-client');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as JsonObject;
    expect(manifest.version).toBe(version);
    expect(manifest.dependencies).toEqual({ 'openapi-fetch': kit.dependencies['openapi-fetch'] });
    // msw only for the handlers, at the kit's major: a project that does not use them does not get it.
    expect([manifest.peerDependencies, manifest.peerDependenciesMeta]).toEqual([{ msw: `^${kit.devDependencies.msw}` }, { msw: { optional: true } }]);
    expect(readdirSync(join(dir, 'node_modules'))).not.toContain('msw');
    expect(filesOf(installed)).toEqual(['CHANGELOG.md', 'README.md', 'api.d.cts', 'api.d.ts', 'client.cjs', 'client.d.cts', 'client.d.ts', 'client.js', 'msw.d.ts', 'msw.js', 'openapi.json', 'openapi.yaml', 'package.json']);
    // Every module subpath has both formats, each with its declarations, and they are there; the
    // MSW handlers are an ES module (types and default).
    for (const [subpath, target] of Object.entries(manifest.exports as JsonObject)) {
      if (typeof target === 'string') continue;
      const conditions = subpath === './msw' ? { '.': target } : target as Record<string, JsonObject>;
      if (subpath !== './msw') expect(Object.keys(target as JsonObject), subpath).toEqual(['import', 'require']);
      for (const files of Object.values(conditions) as JsonObject[]) {
        expect(Object.keys(files), subpath).toEqual(['types', 'default']);
        for (const file of Object.values(files)) expect(filesOf(installed), `${subpath}: ${String(file)}`).toContain(String(file).slice(2));
      }
    }
    expect(readFileSync(join(installed, 'openapi.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'generated', 'openapi.json'), 'utf8'));
    for (const file of filesOf(installed)) expect(readFileSync(join(installed, file), 'utf8'), file).not.toContain(repoRoot);
  });

  it('logs in and reads GET /customer from the reference server, typed by the project\'s own TypeScript', async () => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], strict: true, resolveJsonModule: true, outDir: 'out', types: [] },
      files: ['consumer.ts'],
    }));
    writeFileSync(join(dir, 'consumer.ts'), `
import { createJwiClient, type components } from '@jwi/api-client';
import spec from '@jwi/api-client/openapi.json' with { type: 'json' };
import target from './target.json' with { type: 'json' };

const jwi = createJwiClient({ baseUrl: target.baseUrl });
const login = await jwi.POST('/auth/login', { body: { identifier: 'john@example.com', password: 'rahasia123' } });
if (!login.data) throw new Error(\`login answered \${login.response.status}\`);
jwi.setToken(login.data.token);
const { data, response } = await jwi.GET('/customer');
const customer: components['schemas']['Customer'] | undefined = data?.customer;
export function requestsTheContractForbids() { // never called: tsc checks it
  // @ts-expect-error: the contract has no such path, and the types know it
  void jwi.GET('/customers');
  // @ts-expect-error: a login needs a password
  void jwi.POST('/auth/login', { body: { identifier: 'john@example.com' } });
}
console.log(JSON.stringify({ status: response.status, noServices: customer?.no_services, packageName: customer?.service.package.name, contract: spec.info.version }));
`);
    writeFileSync(join(dir, 'target.json'), JSON.stringify({ baseUrl: target.config.baseUrl }));
    const tsc = await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const consumer = await run(process.execPath, [join('out', 'consumer.js')], dir);
    expect(consumer.stderr).toBe('');
    expect(JSON.parse(consumer.stdout)).toEqual({ status: 200, noServices: 'ISP00123', packageName: expect.any(String), contract: version });
  }, 120_000);

  it('answers the client from its MSW handlers in msw/node, typed by the project\'s own TypeScript, once the project adds msw', async () => {
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `msw@${kit.devDependencies.msw}`], dir);
    expect(install.code, install.stderr).toBe(0);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], strict: true, outDir: 'out', types: [] },
      files: ['handlers.ts'],
    }));
    writeFileSync(join(dir, 'handlers.ts'), `
import { setupServer } from 'msw/node';
import { createJwiClient } from '@jwi/api-client';
import { createJwiMocks } from '@jwi/api-client/msw';

const jwi = createJwiMocks();
const client = createJwiClient({ baseUrl: 'https://api.jwi.id/api', token: 'any-token' });
const server = setupServer(...jwi.handlers);
server.listen({ onUnhandledRequest: 'error' });
const customer = await client.GET('/customer');
server.use(jwi.outcome('GET /customer', 404, 'not_subscribed'));
const notSubscribed = await client.GET('/customer');
server.use(jwi.override('GET /help/options', 200, { status: 'success', message: 'Opsi bantuan.', help_types: [], help_solutions: [] }));
const options = await client.GET('/help/options');
// @ts-expect-error: a login needs a password (sent anyway, to see the handlers refuse it)
const invalid = await client.POST('/auth/login', { body: { identifier: 'john@example.com' } });
server.close();
export function outcomesTheContractDoesNotHave() { // never called: tsc checks it
  // @ts-expect-error: GET /customer has no example of that name
  jwi.outcome('GET /customer', 404, 'not_subscribd');
  // @ts-expect-error: the spec's customer name is text
  jwi.override('GET /customer', 200, { status: 'success', message: 'ok', customer: { name: 1 } });
}
console.log(JSON.stringify({
  customer: [customer.response.status, customer.data?.customer.no_services],
  notSubscribed: [notSubscribed.response.status, notSubscribed.error && 'status' in notSubscribed.error ? notSubscribed.error.status : undefined],
  options: [options.response.status, options.data?.message],
  invalid: [invalid.response.status, invalid.error],
}));
`);
    const tsc = await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const consumer = await run(process.execPath, [join('out', 'handlers.js')], dir);
    expect(consumer.stderr).toBe('');
    expect(JSON.parse(consumer.stdout)).toEqual({
      customer: [200, 'ISP00123'],
      notSubscribed: [404, 'not_subscribed'],
      options: [200, 'Opsi bantuan.'],
      invalid: [422, { message: 'The given data was invalid.', errors: { password: ['The password field is required.'] } }],
    });
  }, 180_000);

  it('type-checks the code of its README (the MSW handlers\' test code, which needs a test runner, is the test above)', async () => {
    const readme = readFileSync(join(dir, 'node_modules', '@jwi', 'api-client', 'README.md'), 'utf8');
    const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => !block.includes('@jwi/api-client/msw')).join('\n');
    expect(code).toContain('error_code');
    writeFileSync(join(dir, 'readme.ts'), `declare const process: { env: Record<string, string | undefined> };\n${code}\nexport {};\n`);
    writeFileSync(join(dir, 'tsconfig.readme.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], strict: true, noEmit: true, types: [] },
      files: ['readme.ts'],
    }));
    const tsc = await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.readme.json'], dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
  }, 60_000);
});

describe('@jwi/api-client, installed in a CommonJS project (`npm init`\'s default)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project('client-cjs', [tarballs.client, `typescript@${kit.devDependencies.typescript}`], 'commonjs');
    // The client's README: a CommonJS project imports it as an ES module project does.
    writeFileSync(join(dir, 'consumer.ts'), `
import { createJwiClient } from '@jwi/api-client';
import target from './target.json';

async function main() {
  const jwi = createJwiClient({ baseUrl: target.baseUrl });
  const { data, error, response } = await jwi.GET('/customer');
  // The error body narrows by its own fields (here the status envelope's \`status\`), not by response.status.
  const subscribed = !(error && 'status' in error && error.status === 'not_subscribed');
  const login = await jwi.POST('/auth/login', { body: { identifier: 'john@example.com', password: 'rahasia123' } });
  if (login.data) jwi.setToken(login.data.token);
  const customer = await jwi.GET('/customer');
  console.log(JSON.stringify({ before: response.status, unauthenticated: data === undefined && subscribed, after: customer.response.status, noServices: customer.data?.customer.no_services }));
}
void main();
`);
    writeFileSync(join(dir, 'target.json'), JSON.stringify({ baseUrl: target.config.baseUrl }));
  }, 180_000);
  const expected = { before: 401, unauthenticated: true, after: 200, noServices: 'ISP00123' };

  // node16 is where an ES-module-only package fails (TS1479: a CommonJS file cannot require it).
  it.each(['node16', 'nodenext'])('compiles with TypeScript (module %s) and runs as CommonJS', async (module) => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module, moduleResolution: module, strict: true, resolveJsonModule: true, outDir: 'out', types: [] },
      files: ['consumer.ts'],
    }));
    const tsc = await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(readFileSync(join(dir, 'out', 'consumer.js'), 'utf8')).toContain('require("@jwi/api-client")');
    const consumer = await run(process.execPath, [join('out', 'consumer.js')], dir);
    expect(consumer.stderr).toBe('');
    expect(JSON.parse(consumer.stdout)).toEqual(expected);
  }, 120_000);

  it('runs under tsx', async () => {
    const consumer = await run(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['consumer.ts'], dir);
    expect(consumer.stderr).toBe('');
    expect(JSON.parse(consumer.stdout)).toEqual(expected);
  }, 60_000);
});

describe('@jwi/contract-suite, installed in an empty project', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project('suite', [tarballs.suite]);
  }, 180_000);

  it('is the contract version, with no dependency, no TypeScript and the spec it checks inside', () => {
    expect(readdirSync(join(dir, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['@jwi']);
    const installed = join(dir, 'node_modules', '@jwi', 'contract-suite');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as JsonObject;
    expect(manifest.version).toBe(version);
    expect(manifest.dependencies).toBeUndefined();
    expect(filesOf(installed)).toEqual(['CHANGELOG.md', 'README.md', 'demo.json', 'dist/contract/jwi-contract.mjs', 'generated/openapi.json', 'generated/openapi.yaml',
      'openapi/workflows/app.arazzo.yaml', 'openapi/workflows/partners.arazzo.yaml', 'package.json']);
    for (const file of ['generated/openapi.json', 'generated/openapi.yaml', 'openapi/workflows/app.arazzo.yaml', 'openapi/workflows/partners.arazzo.yaml']) {
      expect(readFileSync(join(installed, file), 'utf8'), file).toBe(readFileSync(join(repoRoot, file), 'utf8'));
    }
    expect(readFileSync(join(installed, 'demo.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'contract-tests', 'demo.json'), 'utf8'));
    // The workflows phase runs Redocly's respect: an optional peer at the kit's pin, not installed with the suite.
    expect(manifest.peerDependencies).toEqual({ '@redocly/cli': kit.devDependencies['@redocly/cli'] });
    expect(manifest.peerDependenciesMeta).toEqual({ '@redocly/cli': { optional: true } });
    for (const readme of [join(installed, 'README.md'), join(repoRoot, 'README.md')]) {
      expect(readFileSync(readme, 'utf8'), readme).toContain(`npm install --save-dev @redocly/cli@${kit.devDependencies['@redocly/cli']}`);
    }
    for (const file of filesOf(installed)) expect(readFileSync(join(installed, file), 'utf8'), file).not.toContain(repoRoot);
  });

  it('jwi-contract runs the whole suite against the reference server and exits 0', async () => {
    const { baseUrl, ...config } = target.config;
    writeFileSync(join(dir, 'contract.json'), JSON.stringify(config, null, 2));
    const suite = await run(join(dir, 'node_modules', '.bin', 'jwi-contract'), ['--base-url', baseUrl, '--config', 'contract.json', '--junit', 'junit.xml'], dir);
    expect(suite.stdout.split('\n').filter((line) => /never exercised:|^\s+\[/.test(line))).toEqual([]);
    console.log(`jwi-contract: exit ${suite.code}; ${/\d+ requests in .*/.exec(suite.stdout)?.[0]}; ${/Coverage: .*/.exec(suite.stdout)?.[0]}`);
    expect(suite.code, suite.stderr).toBe(0);
    expect(suite.stdout).toMatch(/Coverage: \d+ of \d+ documented outcomes exercised, 0 failed, 0 never exercised/);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuite name="coverage"');
    expect(suite.stdout).toContain(`JUnit XML: ${join(dir, 'junit.xml')}`);
    // Without the Redocly CLI the workflows phase says exactly what to install.
    expect(suite.stdout).toContain(`workflows: workflows (they run with Redocly's respect, which is not installed here: npm install --save-dev @redocly/cli@${kit.devDependencies['@redocly/cli']} (beside the suite), then run again)`);
  }, 300_000);

  it('runs the workflows phase once the Redocly CLI it names is installed beside it, and says where the report is', async () => {
    const install = await run('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', `@redocly/cli@${kit.devDependencies['@redocly/cli']}`], dir);
    expect(install.code, install.stderr).toBe(0);
    const suite = await run(join(dir, 'node_modules', '.bin', 'jwi-contract'), ['--base-url', target.config.baseUrl, '--config', 'contract.json', '--report', 'report.html'], dir);
    expect(suite.code, suite.stdout.slice(-3000)).toBe(0);
    expect(suite.stdout).toMatch(/\n {2}workflows +[1-9]\d* requests/);
    expect(suite.stdout).not.toContain('not installed here');
    expect(suite.stdout).toContain(`Report: ${join(dir, 'report.html')}`);
  }, 300_000);

  it('jwi-contract proxy checks the traffic it forwards to the reference server, and jwi-contract har the HAR it wrote', async () => {
    const command = join(dir, 'node_modules', '.bin', 'jwi-contract');
    const { baseUrl: _, ...config } = target.config;
    writeFileSync(join(dir, 'contract.json'), JSON.stringify(config, null, 2));
    expect((await run(command, ['proxy', '--help'], dir)).stdout).toMatch(/^usage: jwi-contract proxy --upstream URL \[options\]/);
    const proxy = await startCheckingProxy(target.config.baseUrl, join(dir, 'traffic.json'), ['--har', 'traffic.har', '--config', 'contract.json'], [command], dir);
    expect((await fetch(`${proxy.url}/api/region`)).status).toBe(200);
    const { code, report } = await proxy.stop();
    expect(code).toBe(0);
    expect(report.coverage.cells.find((c) => c.operation === 'GET /region' && c.status === '200')?.state).toBe('passed');
    const offline = await run(command, ['har', 'traffic.har', '--config', 'contract.json'], dir);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain('Coverage: 1 of ');
  }, 60_000);

  it('jwi-contract names itself in its usage, and stops on a target that is not there', async () => {
    const command = join(dir, 'node_modules', '.bin', 'jwi-contract');
    expect((await run(command, ['--help'], dir)).stdout).toMatch(/^usage: jwi-contract --base-url URL \[options\]/);
    expect((await run(command, ['--version'], dir)).stdout.trim()).toBe(`${version} (the version of the contract it checks)`);
    const absent = await run(command, ['--base-url', 'http://127.0.0.1:9/api'], dir);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('http://127.0.0.1:9/api does not answer');
  }, 60_000);
});
