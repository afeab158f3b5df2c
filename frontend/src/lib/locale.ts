// The locale every date and time is written in: the reader's own. In the browser that is the
// browser's default; the server renders with the request's Accept-Language (lib/server/locale.ts
// registers where to find it), so the first render and the hydrated page read alike. One source for
// every formatter (format.ts, zoned-time.ts, live/schedule.ts), so the app has one time format.

let source: () => string | undefined = () => undefined;

/** Where the server finds the current request's locale (tests may pin one). */
export function readLocaleFrom(next: () => string | undefined): void {
  source = next;
}

/** The reader's locale; undefined means the runtime's default (the browser's own). */
export function displayLocale(): string | undefined {
  return source();
}

/** The first language of an Accept-Language header that the runtime can format in. */
export function localeFromAcceptLanguage(header: string | null): string | undefined {
  const tags = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter(({ tag, q }) => tag && tag !== '*' && q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // not a language tag at all: try the next
    }
  }
  return undefined;
}
