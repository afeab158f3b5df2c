// Express middleware: a recruiter route needs a valid session, sent as `Authorization: Bearer` or in
// the session cookie. The verified claims land in `res.locals.recruiter`; every read and write below
// is scoped to `recruiter.org`.
import type { RequestHandler, Response } from 'express';
import { sessionCookieName, type SessionClaims } from '@candor/contracts';
import { UnauthorizedError } from '../errors';
import type { SessionTokens } from './session-tokens';

function tokenOf(authorization: string | undefined, cookieHeader: string | undefined): string | undefined {
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  for (const part of cookieHeader?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === sessionCookieName) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function requireRecruiter(tokens: SessionTokens): RequestHandler {
  return (req, res, next) => {
    const token = tokenOf(req.header('authorization'), req.header('cookie'));
    if (!token) return next(new UnauthorizedError());
    try {
      res.locals.recruiter = tokens.verify(token);
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function recruiterOf(res: Response): SessionClaims {
  const recruiter = res.locals.recruiter as SessionClaims | undefined;
  if (!recruiter) throw new UnauthorizedError();
  return recruiter;
}
