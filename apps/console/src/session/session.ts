/**
 * The API key, kept for this browser session only (sessionStorage: gone when the tab closes;
 * never in a URL, never in localStorage).
 */
const KEY = 'partner-ledger.api-key';

export const session = {
  key(): string | undefined {
    return sessionStorage.getItem(KEY) ?? undefined;
  },
  remember(key: string) {
    sessionStorage.setItem(KEY, key);
  },
  forget() {
    sessionStorage.removeItem(KEY);
  },
};
