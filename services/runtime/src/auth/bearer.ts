// The one reading of `Authorization: Bearer <token>`, for every kind of token a request may carry
// (recruiter sessions, live tokens, link tokens). Only the header: tokens never travel in URLs.
/** What is read of a request: its headers (an express `Request` is one). */
export interface HeaderSource {
  header(name: string): string | undefined;
}

export function bearerTokenOf(req: HeaderSource): string | undefined {
  const header = req.header('authorization');
  if (!header?.startsWith('Bearer ')) return undefined;
  const token = header.slice('Bearer '.length).trim();
  return token === '' ? undefined : token;
}
