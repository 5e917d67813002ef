import { useEffect, useState } from 'preact/hooks';
import { answer, ledger } from '../api/client';

/** A discreet line on how fresh the read models are: the event store's head and the largest lag behind it. */
export function ProjectionLag() {
  const [text, setText] = useState<string>();
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const status = await answer(ledger.GET('/projections', {}));
        const lag = status.projections.reduce((max, p) => (BigInt(p.lag) > max ? BigInt(p.lag) : max), 0n);
        if (!stopped) setText(lag === 0n ? `Read models up to date at position ${status.head}` : `Read models ${lag} positions behind the ledger's head (${status.head})`);
      } catch {
        if (!stopped) setText('Read-model freshness unknown');
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), 15_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return (
    <p class="freshness" aria-live="off">
      {text ?? '…'}
    </p>
  );
}
