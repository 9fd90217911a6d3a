// Structured JSON logs (pino) on stdout. Secrets never reach a log line: the redaction list covers
// them. Lines are collected and written together, because a write per line costs a large share of
// a request (docs/performance.md, "Logging"). What must hold: a line is out of the process within
// BATCH_MS of being logged; whenever the process runs its 'exit' handlers (process.exit, an uncaught
// exception or rejection, an empty event loop, main.ts's SIGTERM and SIGINT) it writes every line it
// holds first. Only a death that skips them (SIGKILL, the OOM killer, a native abort) loses lines,
// at most those of the last BATCH_MS.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** How long a line may wait to be written, and how many lines make a write at once. */
const BATCH_MS = 20;
const BATCH_LINES = 64;

/** `out`: where the lines go; stdout unless a test reads them itself. */
export function createLogger(level: string, out?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'jwi-reference-server' },
      redact: ['req.headers.authorization', 'req.headers["x-mywifi-key"]', 'password', 'otp'],
    },
    // Each batch written synchronously, as pino's default destination writes: once written it is out
    // of the process, and a stdout nobody reads slows the server instead of filling its memory.
    out ?? batched(pino.destination({ dest: 1, sync: true })),
  );
}

/** The batches holding lines, written out by the process's exit. */
const holding = new Set<() => void>();
process.on('exit', () => holding.forEach((write) => write()));

/** Lines kept in an array and joined at write time. (Not pino's asynchronous destination with a
 * minimum length: it appends each line to one growing string and measures it, copying the string
 * at every line and keeping the copies alive until written.) */
function batched(out: DestinationStream): DestinationStream & { flush(callback?: () => void): void } {
  let lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const writeOut = () => {
    clearTimeout(timer);
    timer = undefined;
    holding.delete(writeOut);
    if (lines.length === 0) return;
    const chunk = lines.join('');
    lines = [];
    out.write(chunk);
  };
  return {
    write(line: string) {
      lines.push(line);
      if (lines.length >= BATCH_LINES) return writeOut();
      if (!timer) {
        timer = setTimeout(writeOut, BATCH_MS).unref();
        holding.add(writeOut);
      }
    },
    flush(callback) {
      writeOut();
      callback?.();
    },
  };
}
