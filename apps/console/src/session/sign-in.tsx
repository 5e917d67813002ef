import { useState } from 'preact/hooks';

/** Asks for the API key once; it is kept for this browser session only. */
export function SignIn({ problem, busy, onKey }: { problem?: string; busy: boolean; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <main class="sign-in">
      <h1>Partner Ledger</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim()) onKey(key.trim());
        }}
      >
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="off" required value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} aria-describedby="api-key-help" aria-invalid={problem ? 'true' : undefined} />
        <p id="api-key-help" class="help">
          The key is kept in this browser tab only until you close it or sign out.
        </p>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Open the console'}
        </button>
      </form>
    </main>
  );
}
