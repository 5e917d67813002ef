import { useEffect, useState } from 'preact/hooks';

/** Hash routes (#/partners/p-1?tab=history): the ledger serves one page, and keys never reach a URL. */
export interface Route {
  /** Path segments: ['partners', 'p-1']. */
  segments: string[];
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?', 2);
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { segments, query: new URLSearchParams(search) };
}

type QueryValues = Record<string, string | number | undefined | null | false>;

/** A link target: href('/partners', 'p-1', { tab: 'history' }) → "#/partners/p-1?tab=history". */
export function href(segments: string[] | string, query: QueryValues = {}): string {
  const path = (Array.isArray(segments) ? segments : [segments]).map(encodeURIComponent).join('/');
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '' && value !== false) search.set(name, String(value));
  const text = search.toString();
  return `#/${path}${text ? `?${text}` : ''}`;
}

export function navigate(segments: string[] | string, query: QueryValues = {}): void {
  location.hash = href(segments, query);
}

/** The same page with some query values changed (filters, sort, page). */
export function withQuery(route: Route, changes: QueryValues): string {
  const query: QueryValues = Object.fromEntries(route.query.entries());
  return href(route.segments, { ...query, ...changes });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
