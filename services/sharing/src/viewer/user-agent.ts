// A coarse user agent for the viewing log: the browser family and the operating system, nothing
// that tells one device from another (no versions, no build strings), and no address at all.
const browsers: [RegExp, string][] = [
  [/bot|crawl|spider|preview|facebookexternalhit|slack|discord|whatsapp/i, 'Bot or link preview'],
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const systems: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

export function coarseUserAgent(header: string | undefined): string {
  if (!header) return 'Unknown browser';
  const browser = browsers.find(([pattern]) => pattern.test(header))?.[1] ?? 'Other browser';
  const system = systems.find(([pattern]) => pattern.test(header))?.[1];
  return system ? `${browser} on ${system}` : browser;
}
