// The one reading of `Authorization: Bearer <token>`, for every kind of token a request may carry
// (recruiter sessions, live tokens, link tokens). Only the header: tokens never travel in URLs.
import type { Request } from 'express';

export function bearerTokenOf(req: Pick<Request, 'header'>): string | undefined {
  const header = req.header('authorization');
  if (!header?.startsWith('Bearer ')) return undefined;
  const token = header.slice('Bearer '.length).trim();
  return token === '' ? undefined : token;
}
