// The request's locale for server rendering: hooks.server.ts runs each request inside it, and the
// formatters read it through lib/locale.ts (which the browser bundle shares, without node:async_hooks).
import { AsyncLocalStorage } from 'node:async_hooks';
import { localeFromAcceptLanguage, readLocaleFrom } from '#lib/locale.ts';

const current = new AsyncLocalStorage<string | undefined>();
readLocaleFrom(() => current.getStore());

/** Runs `render` with the locale the request's Accept-Language asks for. */
export function withRequestLocale<T>(request: Request, render: () => T): T {
  return current.run(localeFromAcceptLanguage(request.headers.get('accept-language')), render);
}
