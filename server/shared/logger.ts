// Structured JSON logs (pino) on stdout. Secrets never reach a log line: the redaction list covers
// them. Lines are collected for a few milliseconds and written together (a write per line was a
// sixth of a request's cost); a process that exits writes what it still holds.
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
    // Synchronous, pino's default: a line written is out of the process (a crash loses none of it),
    // and a stdout nobody reads slows the server instead of filling its memory.
    out ?? batched(pino.destination({ dest: 1, sync: true })),
  );
}

/** The batches holding lines, written out by the process's exit. */
const holding = new Set<() => void>();
process.on('exit', () => holding.forEach((write) => write()));

/** Lines kept in an array and joined at write time. (pino's asynchronous destination with a
 * minimum length appends each line to one growing string and measures it, which copies the string
 * every time: several KB per line, kept alive until written, that the young generation promoted.) */
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
