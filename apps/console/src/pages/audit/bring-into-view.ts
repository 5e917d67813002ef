import { useEffect, useRef } from 'preact/hooks';

/**
 * A panel reached from a search row's link (prove, verify) is elsewhere on the page: when its
 * subject changes, its heading is scrolled into view and focused, so keyboard and screen-reader
 * users land where the answer is.
 */
export function useBringIntoView<T extends HTMLElement>(subject: string | undefined) {
  const heading = useRef<T>(null);
  useEffect(() => {
    if (!subject || !heading.current) return;
    heading.current.scrollIntoView({ block: 'start' });
    heading.current.focus({ preventScroll: true });
  }, [subject]);
  return heading;
}
