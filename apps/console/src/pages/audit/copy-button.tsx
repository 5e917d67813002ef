import { useEffect, useState } from 'preact/hooks';

/**
 * The clipboard API exists only in a secure context (https, or a ledger on localhost); elsewhere
 * a selected hidden text area and the older copy command still work in every browser.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    if (globalThis.isSecureContext && navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // refused (no permission, page not focused): try the older way
  }
  const area = Object.assign(document.createElement('textarea'), { value: text, readOnly: true, className: 'offscreen' });
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** A button that copies `text`, and says whether it did (the status is read out by screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<'copied' | 'failed'>();
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(undefined), 4000);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <span class="copy">
      <button type="button" class="secondary" onClick={async () => setStatus((await copyText(text)) ? 'copied' : 'failed')}>
        {label}
      </button>{' '}
      <span role="status" aria-live="polite" class={status === 'failed' ? 'error' : 'ok'}>
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Could not copy: select the text and copy it' : ''}
      </span>
    </span>
  );
}
