// Serves the built SvelteKit app (frontend/build) from the one process, after the API routes.
//
// adapter-node's `build/handler.js` initialises the app with `process.env` when it is imported, so
// using it here would mean writing the API's URL into the global environment first. Instead this
// initialises the app's server (`build/server/server.js`, what adapter-node wraps) with exactly the
// settings passed in, serves the client assets itself, and renders pages through SvelteKit's own
// Node bridge (`@sveltejs/kit/node`) — what adapter-node's handler does, without its environment
// variables. The standalone frontend (frontend/serve.js) keeps using adapter-node's handler.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import express, { type RequestHandler } from 'express';

export const frontendBuildDir = join(__dirname, '..', '..', '..', 'frontend', 'build');

/** What the pages' server needs to know (frontend/src/env.ts): where the APIs are, and the cookie. */
export interface FrontendSettings {
  /** the origin every API is served at (this process) */
  apiUrl: string;
  /** send the session cookie only over https */
  cookieSecure: boolean;
}

export type LoadFrontend = (settings: FrontendSettings) => Promise<RequestHandler>;

/** adapter-node's default BODY_SIZE_LIMIT (512 kB): the pages' forms are small. */
const bodySizeLimit = 512 * 1024;

interface SvelteKitServer {
  init(options: { env: Record<string, string>; read?: (file: string) => ReadableStream }): Promise<void>;
  respond(request: Request, options: { platform?: unknown; getClientAddress(): string }): Promise<Response>;
}

export const loadFrontendHandler: LoadFrontend = async (settings) => {
  const serverFile = join(frontendBuildDir, 'server', 'server.js');
  if (!existsSync(serverFile)) {
    throw new Error(`the frontend is not built (${serverFile} is missing): run npm run build`);
  }
  const clientDir = join(frontendBuildDir, 'client');
  const { server } = (await import(pathToFileURL(serverFile).href)) as { server: SvelteKitServer };
  const { getRequest, setResponse, createReadableStream } = await import('@sveltejs/kit/node');
  await server.init({
    env: { CANDOR_API_URL: settings.apiUrl, CANDOR_COOKIE_SECURE: String(settings.cookieSecure) },
    read: (file) => createReadableStream(join(clientDir, file)),
  });

  // hashed build output never changes under its name; everything else is revalidated
  const assets = express.static(clientDir, {
    index: false,
    redirect: false,
    setHeaders(res, path) {
      if (path.startsWith(join(clientDir, '_app', 'immutable'))) res.setHeader('cache-control', 'public,max-age=31536000,immutable');
    },
  });

  const pages: RequestHandler = async (req, res, next) => {
    if (Number(req.headers['content-length'] ?? 0) > bodySizeLimit) {
      res.status(413).end('Payload Too Large');
      return;
    }
    let request: Request;
    try {
      // SvelteKit checks a form's Origin against the origin it believes it serves: the protocol
      // this server really speaks (express's view of it), never a header a client could set
      request = getRequest({ base: `${req.protocol}://${req.get('host')}`, request: req, bodySizeLimit });
    } catch {
      res.status(400).end('Bad Request');
      return;
    }
    try {
      const response = await server.respond(request, {
        platform: { req },
        // express's view, which believes X-Forwarded-For from the proxies the app trusts (loopback:
        // a reverse proxy on this machine); a client connecting directly cannot set its address
        getClientAddress: () => req.ip ?? req.socket.remoteAddress ?? '',
      });
      await setResponse(res, response);
    } catch (error) {
      next(error);
    }
  };

  return (req, res, next) => assets(req, res, (error?: unknown) => (error ? next(error) : pages(req, res, next)));
};
