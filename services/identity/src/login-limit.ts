// Slows password guessing: at most 10 failed log-ins per email address in 15 minutes, then 429
// until the window passes. Keyed by the address (hashed) rather than the client IP, because in the
// distributed mode every request arrives from the frontend server. The counter is per process;
// replicas each count their own share.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { sendProblem } from '@candor/runtime';

export function loginLimit({ attempts = 10, windowMs = 15 * 60_000 } = {}): RequestHandler {
  return rateLimit({
    windowMs,
    limit: attempts,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      return createHash('sha256').update(email).digest('hex');
    },
    handler: (_req, res) =>
      sendProblem(res, 429, 'Too many attempts', 'Too many failed log-ins for this account; wait a few minutes and try again.'),
  });
}
