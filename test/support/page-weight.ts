// How much JavaScript a page makes the browser load before it is usable: the scripts its HTML names
// (`<script src>`, `<link rel="modulepreload">`, the `import("…")` calls of SvelteKit's inline start-up
// script, and the inline scripts themselves), then every module those import statically, followed
// to the end. Each is counted by its gzipped size (zlib level 9, what a server's gzip would send at
// best). Dynamic `import()` inside modules loads later, on demand: listed apart, not counted.
import { gzipSync } from 'node:zlib';

export interface LoadedScript {
  url: string;
  bytes: number;
  gzipBytes: number;
}

export interface PageWeight {
  page: string;
  status: number;
  scripts: LoadedScript[];
  /** the page's inline <script> bodies */
  inline: { bytes: number; gzipBytes: number };
  /** all of the above: what the page loads before it is usable */
  totalGzipBytes: number;
  /** modules only a dynamic import() loads later */
  lazy: string[];
}

const gzipped = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;
const attr = (tag: string, name: string) => new RegExp(`\\b${name}=["']([^"']+)["']`).exec(tag)?.[1];

/** Measures `pageUrl` (fetched with `init`, e.g. a cookie). */
export async function pageWeight(pageUrl: string, init: RequestInit = {}): Promise<PageWeight> {
  const response = await fetch(pageUrl, init);
  const html = await response.text();
  const start: string[] = [];
  const inlineBodies: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = attr(match[1]!, 'src');
    if (src) start.push(src);
    else if (match[2]!.trim()) {
      inlineBodies.push(match[2]!);
      for (const imported of match[2]!.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) start.push(imported[1]!);
    }
  }
  for (const match of html.matchAll(/<link\b[^>]*>/g)) {
    if (attr(match[0], 'rel') === 'modulepreload') start.push(attr(match[0], 'href')!);
  }

  const seen = new Map<string, LoadedScript>();
  const lazy = new Set<string>();
  const queue = start.map((src) => new URL(src, pageUrl).href);
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const script = await fetch(url);
    if (!script.ok) throw new Error(`${url}: ${script.status}`);
    const source = await script.text();
    seen.set(url, { url, bytes: Buffer.byteLength(source), gzipBytes: gzipped(source) });
    // static imports: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`
    for (const match of source.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+)["']/g)) queue.push(new URL(match[1]!, url).href);
    for (const match of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) lazy.add(new URL(match[1]!, url).href);
  }
  const scripts = [...seen.values()];
  const inlineText = inlineBodies.join('\n');
  const inline = { bytes: Buffer.byteLength(inlineText), gzipBytes: inlineText ? gzipped(inlineText) : 0 };
  return {
    page: new URL(pageUrl).pathname.replace(/^\/(i|s|join|host)\/[^/]+/, '/$1/<token>'),
    status: response.status,
    scripts,
    inline,
    totalGzipBytes: scripts.reduce((sum, script) => sum + script.gzipBytes, 0) + inline.gzipBytes,
    lazy: [...lazy].filter((url) => !seen.has(url)),
  };
}
