// Page numbers of a list whose state lives in the URL (filters and page), so links can be shared.

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

/** The same query (`url.search`) with another page; page 1 is left out to keep URLs short. */
export function pageHref(pathname: string, search: string, page: number): string {
  const query = new URLSearchParams(search);
  query.delete('waitFor');
  if (page <= 1) query.delete('page');
  else query.set('page', String(page));
  const text = query.toString();
  return text ? `${pathname}?${text}` : pathname;
}

/** A page number from the query: a positive integer, else 1. */
export function pageParam(value: string | null): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}
