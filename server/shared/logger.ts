// Structured JSON logs (pino) on stdout. Secrets never reach a log line: the redaction list covers
// them. Lines are written in batches (a write per line was a sixth of a request's cost); main.ts
// flushes them on shutdown.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'jwi-reference-server' },
      redact: ['req.headers.authorization', 'req.headers["x-mywifi-key"]', 'password', 'otp'],
    },
    pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}
