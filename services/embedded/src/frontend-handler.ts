// Loads the built SvelteKit app (adapter-node's handler.js, an ES module) so the one process serves
// the pages too. The handler reads its environment when it is first imported, so the API base URL
// must be set before this is called.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';

export const frontendBuildDir = join(__dirname, '..', '..', '..', 'frontend', 'build');

export async function loadFrontendHandler(): Promise<RequestHandler> {
  const handlerFile = join(frontendBuildDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    throw new Error(`the frontend is not built (${handlerFile} is missing): run npm run build`);
  }
  // SvelteKit checks a form's Origin against the origin it believes it serves; tell it the real
  // protocol through a header we always overwrite, so a client cannot spoof it.
  process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: RequestHandler };
  return (req, res, next) => {
    req.headers['x-forwarded-proto'] = req.protocol;
    handler(req, res, next);
  };
}
