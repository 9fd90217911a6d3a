// Structured JSON logs (pino). Secrets never reach a log line: the redaction list covers them.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'jwi-reference-server' },
    redact: ['req.headers.authorization', 'req.headers["x-mywifi-key"]', 'password', 'otp'],
  });
}
