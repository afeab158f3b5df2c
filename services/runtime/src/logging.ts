// Structured logs (pino). Secrets never reach a log line: auth headers, cookies and anything named
// like a token or password are redacted at the logger, not left to each call site.
import pino, { type Logger } from 'pino';

export type { Logger };

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.passwordHash',
];

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, redact: { paths: redactedPaths, censor: '[redacted]' } });
}

/**
 * Capability pages carry a link token in the path (`/i/<token>`, `/join/<token>`, `/host/<token>`,
 * share viewers' `/s/<token>`):
 * logs keep the path without it.
 */
export function maskCapabilityPath(url: string): string {
  return url.split('?')[0]!.replace(/^\/(i|join|host|s)\/[^/]+/, '/$1/[redacted]');
}
