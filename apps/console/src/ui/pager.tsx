/**
 * Keyset pagination as the API gives it: a cursor for the next page. Each page is its own
 * address (#…?cursor=…), so the browser's Back goes to the previous page.
 */
export function Pager({ cursor, nextCursor, hrefFor, count }: { cursor?: string | null; nextCursor?: string | null; hrefFor: (cursor: string | undefined) => string; count: number }) {
  return (
    <nav class="pager" aria-label="Pages">
      {cursor ? <a href={hrefFor(undefined)}>« First page</a> : <span aria-disabled="true">« First page</span>}
      {cursor ? (
        <button type="button" class="link" onClick={() => history.back()}>
          ‹ Previous
        </button>
      ) : (
        <span aria-disabled="true">‹ Previous</span>
      )}
      <span class="page-count">{count} on this page</span>
      {nextCursor ? (
        <a href={hrefFor(nextCursor)} rel="next">
          Next ›
        </a>
      ) : (
        <span aria-disabled="true">Next ›</span>
      )}
    </nav>
  );
}
