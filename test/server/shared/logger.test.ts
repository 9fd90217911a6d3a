// The server's log: JSON lines on stdout, written in batches, none lost when the process ends or
// crashes through its exit handlers, each written soon even when no more come, so that a death that
// skips the handlers (SIGKILL) loses only the lines of the last moment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../lib/processes.js';

/** Runs a module that logs through createLogger (as `log`), with the rest of its code after it. */
async function runLogging(code: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'jwi-logger-')), 'program.mts');
  writeFileSync(file, `import { writeSync } from 'node:fs';\nimport { createLogger } from ${JSON.stringify(join(repoRoot, 'server/shared/logger.ts'))};\nconst log = createLogger('info');\n${code}`);
  // spawnSync, not runCommand: a process killed by a signal is an outcome here, not a failure to run.
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, encoding: 'utf8' });
  const result = { code: run.status ?? run.signal, stdout: run.stdout, stderr: run.stderr };
  const lines = result.stdout.split('\n').filter(Boolean);
  return { ...result, lines, logged: lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg: string; n?: number }) };
}

describe('logger', () => {
  it('writes every line, in order, when the process exits with lines still held', async () => {
    const { code, logged } = await runLogging(`for (let n = 0; n < 150; n++) log.info({ n }, 'line');\nprocess.exit(3);`);
    expect(code).toBe(3);
    expect(logged.map((line) => line.n)).toEqual(Array.from({ length: 150 }, (_, n) => n));
  });

  it('writes the held lines when the process dies of an uncaught exception', async () => {
    const { code, logged, stderr } = await runLogging(`log.info('before the crash');\nsetImmediate(() => { throw new Error('boom'); });`);
    expect(code).toBe(1);
    expect(stderr).toContain('boom');
    expect(logged.map((line) => line.msg)).toEqual(['before the crash']);
  });

  it('writes the held lines when the process dies of an unhandled rejection', async () => {
    const { code, logged } = await runLogging(`log.info('before the rejection');\nvoid Promise.reject(new Error('refused'));`);
    expect(code).toBe(1);
    expect(logged.map((line) => line.msg)).toEqual(['before the rejection']);
  });

  it('has a line out of the process soon enough that SIGKILL, which skips every handler, loses only the last moment\'s', async () => {
    const { code, logged } = await runLogging(`log.info('a while ago');\nsetTimeout(() => { log.info('just now'); process.kill(process.pid, 'SIGKILL'); }, 200);`);
    expect(code).toBe('SIGKILL');
    expect(logged.map((line) => line.msg)).toContain('a while ago');
  });

  it('writes a lone line within a short while, while the process goes on', async () => {
    const { lines } = await runLogging(`log.info('alone');\nsetTimeout(() => writeSync(1, 'later\\n'), 500);`);
    expect(lines.map((line) => (line.startsWith('{') ? (JSON.parse(line) as { msg: string }).msg : line))).toEqual(['alone', 'later']);
  });

  it('writes the held lines on flush, before its callback', async () => {
    const { lines } = await runLogging(`log.info('flushed');\nlog.flush(() => { writeSync(1, 'after flush\\n'); process.exit(0); });`);
    expect(lines.map((line) => (line.startsWith('{') ? (JSON.parse(line) as { msg: string }).msg : line))).toEqual(['flushed', 'after flush']);
  });

  it('keeps secrets out of the line', async () => {
    const { logged } = await runLogging(`log.info({ password: 'rahasia123', otp: '123456' }, 'secrets');`);
    expect(JSON.stringify(logged)).not.toMatch(/rahasia123|123456/);
  });
});
