// The docs' code samples (scripts/code-samples.ts): every operation has one in each language; every
// curl, fetch and typed-client sample, run as published against the server as `npm start` runs it
// (only the base URL, the credentials, the registration email, the sandbox's OTP and an unpaid
// invoice number put in), sends its operation and gets the status the sandbox answers; the typed-client
// samples run and type-check in a project that installed the client package from its tarball, as a
// partner does; the PHP, Python, Java and Go samples pass their language's syntax check where the
// machine has the tool.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadBundle, type SpecOperation } from '../../lib/spec/bundle.js';
import { API_KEY_PLACEHOLDER, CLIENT_PACKAGE, codeSamples, LANGUAGES, TOKEN_PLACEHOLDER, type CodeSample } from '../../scripts/code-samples.js';
import { sandboxStatus } from '../../scripts/postman.js';
import { TINY_PNG } from '../../lib/spec/examples.js';
import { DEMO_API_KEY, DEMO_PASSWORD } from '../../server/demo/constants.js';
import { startAlteringProxy, type AlteringProxy } from '../fakes/altering-proxy.js';
import { packKit, type Packages } from '../support/packages.js';
import { repoRoot, type RunningServer } from '../../lib/processes.js';
import { api, startShippedOnSqlite } from '../support/shipped.js';

const run = promisify(execFile);
const spec = loadBundle();
const operations = listOperations(spec);
const samples = codeSamples(spec);
const PRODUCTION = 'https://api.jwi.id/api';
const sample = (op: SpecOperation, label: string): CodeSample => samples.get(op.operationId)!.find((s) => s.label === label)!;
const has = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
/** True when the tool is missing, saying so: a syntax check is never skipped silently. */
const missing = (tool: string) => {
  if (has(tool)) return false;
  console.warn(`code samples: no ${tool} on this machine: its syntax check of the samples is skipped`);
  return true;
};

// A project with the client package installed from its tarball: the typed-client samples run there.
let packages: Promise<Packages> | undefined;
let clientProject: Promise<string> | undefined;
const projectWithClient = () => (clientProject ??= (packages ??= packKit()).then((p) => p.project('samples-client', [p.tarballs.client])));
afterAll(async () => (await packages)?.cleanup());

describe('the samples as published', () => {
  it('every operation has one sample per language, in the order of the tabs', () => {
    expect([...samples.keys()].sort()).toEqual(operations.map((op) => op.operationId).sort());
    for (const list of samples.values()) expect(list.map((s) => s.label)).toEqual(LANGUAGES.map((l) => l.label));
  });

  it('call the production server with placeholders for the secrets, never the demo key', () => {
    for (const op of operations) {
      for (const { label, source } of samples.get(op.operationId)!) {
        const where = `${op.operationId} ${label}`;
        expect(source, where).toContain(PRODUCTION);
        expect(source, where).not.toMatch(/jwi_demo_|127\.0\.0\.1|localhost/);
        if (op.security === 'bearer') expect(source, where).toContain(TOKEN_PLACEHOLDER);
        if (op.security === 'apiKey') expect(source, where).toContain(API_KEY_PLACEHOLDER);
        if (op.security === 'none') expect(source, where).not.toMatch(/YOUR_TOKEN|YOUR_API_KEY/);
      }
    }
  });
});

// One run of every sample of one kind on a server of its own (fresh demo data: each run pays an
// invoice, changes and resets the demo password). The requests pass a proxy that records them.
interface Variant { label: string; file: string; command: (file: string) => [string, string[]]; dir?: () => Promise<string> }
const tsxLoader = join(repoRoot, 'node_modules/tsx/dist/loader.mjs');
const VARIANTS: Variant[] = [
  { label: 'curl', file: 'sample.sh', command: (file) => ['bash', [file]] },
  { label: 'JavaScript', file: 'sample.mjs', command: (file) => [process.execPath, [file]] },
  { label: 'Node.js', file: 'sample.mts', command: (file) => [process.execPath, ['--import', tsxLoader, file]], dir: projectWithClient },
];
// Operations that end the session or change the password run last, with tokens of their own.
const LAST = ['logout', 'refreshToken', 'changePassword', 'forgotPassword', 'verifyOtp', 'resetPassword'];
const ordered = [...operations.filter((op) => !LAST.includes(op.operationId)), ...LAST.map((id) => operations.find((op) => op.operationId === id)!)];

describe.each(VARIANTS)('$label samples run against npm start', (variant) => {
  let server: RunningServer;
  let proxy: AlteringProxy;
  let seen: { method: string; path: string; status: number }[] = [];
  let dir: string;

  beforeAll(async () => {
    server = await startShippedOnSqlite(`samples-${variant.file.replace('.', '-')}`);
    proxy = await startAlteringProxy(server.baseUrl, {
      response: (exchange, status) => void seen.push({ method: exchange.method, path: exchange.path, status }),
    });
    dir = variant.dir ? await variant.dir() : mkdtempSync(join(tmpdir(), 'jwi-samples-'));
    writeFileSync(join(dir, 'avatar.png'), TINY_PNG); // the file the upload samples send
  }, 240_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
    if (dir && !variant.dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each sends its operation and gets the status the sandbox answers', async () => {
    const login = async () => (await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'john@example.com', password: DEMO_PASSWORD })).body.token as string;
    const johnToken = await login();
    const unpaid = await api(server.baseUrl, 'GET', '/billing/unpaid?no_services=28900001', undefined, { 'X-MYWIFI-KEY': DEMO_API_KEY });
    const invoice = String(unpaid.body.data[0].invoice);
    const outcomes: string[] = [];
    let otp = '';
    for (const op of ordered) {
      let source = sample(op, variant.label).source
        .replaceAll(PRODUCTION, `${proxy.url}/api`)
        .replaceAll(API_KEY_PLACEHOLDER, DEMO_API_KEY);
      if (op.security === 'bearer') source = source.replaceAll(TOKEN_PLACEHOLDER, ['logout', 'refreshToken', 'changePassword'].includes(op.operationId) ? await login() : johnToken);
      if (op.operationId === 'registerUser') source = source.replaceAll('john@example.com', `samples-${Date.now()}@example.com`);
      if (op.operationId === 'markInvoicePaid') source = source.replaceAll('230130001', invoice);
      if (op.operationId === 'verifyOtp') {
        // The OTP the sandbox issues (it returns it), in place of the example's.
        const issued = await api(server.baseUrl, 'POST', '/auth/forgot-password', { no_services: 'ISP00123' });
        otp = String(issued.body.otp);
      }
      if (op.operationId === 'verifyOtp' || op.operationId === 'resetPassword') source = source.replaceAll('123456', otp);
      writeFileSync(join(dir, variant.file), source);
      seen = [];
      const [command, args] = variant.command(join(dir, variant.file));
      const result = await run(command, args, { cwd: dir, timeout: 30_000 }).then(() => 'exit 0', (error: { code: number; stderr: string }) => `exit ${error.code}: ${error.stderr}`);
      outcomes.push(`${op.operationId}: ${result}; ${seen.map((s) => `${s.method} ${s.path} ${s.status}`).join(', ') || 'no request'}`);
    }
    expect(outcomes).toEqual(ordered.map((op) => `${op.operationId}: exit 0; ${op.method} /api${op.path} ${sandboxStatus(op)}`));
  }, 180_000);
});

describe('syntax of the other languages', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'jwi-samples-syntax-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (label: string, name: (op: SpecOperation) => string, wrap: (op: SpecOperation, source: string) => string = (_, s) => s) =>
    operations.map((op) => {
      const file = join(dir, name(op));
      writeFileSync(file, wrap(op, sample(op, label).source));
      return file;
    });

  it(`the typed-client samples import ${CLIENT_PACKAGE} and type-check against its installed tarball`, async () => {
    const project = await projectWithClient();
    const files = operations.map((op) => {
      const { source } = sample(op, 'Node.js');
      expect(source).toContain(`import { createJwiClient } from '${CLIENT_PACKAGE}';`);
      const file = join(project, `${op.operationId}.mts`);
      writeFileSync(file, source);
      return file;
    });
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const options = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck',
      '--types', 'node', '--typeRoots', join(repoRoot, 'node_modules/@types')];
    const result = await run(process.execPath, [tsc, ...options, ...files], { cwd: project }).then(() => '', (error: { stdout: string }) => error.stdout);
    expect(result).toBe('');
  }, 240_000);

  it.skipIf(missing('python3'))('Python samples compile (python3 -m py_compile)', async () => {
    const files = write('Python', (op) => `${op.operationId}.py`);
    const result = await run('python3', ['-m', 'py_compile', ...files]).then(() => '', (error: { stderr: string }) => error.stderr);
    expect(result).toBe('');
  });

  // The Java samples use OkHttp, whose jar is not on this machine: javac's parser checks their
  // syntax (each wrapped in a class), without resolving the OkHttp types.
  it.skipIf(missing('java'))('Java samples parse (javac parser, OkHttp types not resolved)', async () => {
    const files = write('Java', (op) => `Sample_${op.operationId}.java`, (op, s) =>
      `import java.io.File;\nimport okhttp3.*;\n\nclass Sample_${op.operationId} {\n  void run() throws Exception {\n${s.replace(/^/gm, '    ')}  }\n}\n`);
    const checker = join(dir, 'ParseCheck.java');
    writeFileSync(checker, [
      'import com.sun.source.util.JavacTask;',
      'import javax.tools.*;',
      'import java.util.List;',
      'public class ParseCheck {',
      '  public static void main(String[] files) throws Exception {',
      '    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();',
      '    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();',
      '    StandardJavaFileManager manager = compiler.getStandardFileManager(diagnostics, null, null);',
      '    JavacTask task = (JavacTask) compiler.getTask(null, manager, diagnostics, List.of("-proc:none"), null, manager.getJavaFileObjects(files));',
      '    int count = 0;',
      '    for (var unit : task.parse()) count++;',
      '    for (var d : diagnostics.getDiagnostics()) System.out.println(d);',
      '    System.out.println("parsed " + count);',
      '    System.exit(diagnostics.getDiagnostics().isEmpty() ? 0 : 1);',
      '  }',
      '}',
    ].join('\n'));
    const result = await run('java', [checker, ...files]).then(({ stdout }) => stdout, (error: { stdout: string }) => error.stdout);
    expect(result.trim()).toBe(`parsed ${operations.length}`);
  }, 60_000);

  it.skipIf(missing('php'))('PHP samples lint (php -l)', async () => {
    const failures: string[] = [];
    for (const file of write('PHP', (op) => `${op.operationId}.php`)) {
      await run('php', ['-l', file]).catch((error: { stdout: string }) => failures.push(error.stdout));
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it.skipIf(missing('gofmt'))('Go samples parse (gofmt -e) and pass go vet', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const folder = join(dir, `go-${op.operationId}`);
      execFileSync('mkdir', ['-p', folder]);
      writeFileSync(join(folder, 'main.go'), sample(op, 'Go').source);
      await run('gofmt', ['-e', '-l', join(folder, 'main.go')]).catch((error: { stderr: string }) => failures.push(`${op.operationId}: ${error.stderr}`));
      if (!missing('go')) await run('go', ['vet', join(folder, 'main.go')], { cwd: folder }).catch((error: { stderr: string }) => failures.push(`${op.operationId}: ${error.stderr}`));
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
