import { useEffect, useRef, useState } from 'preact/hooks';
import { count } from '../../format';
import { download } from '../../ui/csv';
import { Failure } from '../../ui/states';
import { scorecardsCsv, csvName } from './scorecards-csv';
import { everyScorecard } from './scorecards-data';
import type { ScorecardsView } from './scorecards-view';

type Progress = { phase: 'idle'; done?: number } | { phase: 'reading'; read: number } | { phase: 'failed'; error: unknown };

/**
 * The current view as a CSV file: every page of its filter in its order, not only the page on
 * screen, read page by page with a progress bar (against the total when a roll-up tells it).
 */
export function ExportCsv({ view, period, expected }: { view: ScorecardsView; period: string; expected?: number }) {
  const [progress, setProgress] = useState<Progress>({ phase: 'idle' });
  const running = useRef<AbortController>();
  useEffect(() => () => running.current?.abort(), []);

  const start = async () => {
    const controller = new AbortController();
    running.current = controller;
    setProgress({ phase: 'reading', read: 0 });
    try {
      const cards = await everyScorecard(view, period, (read) => setProgress({ phase: 'reading', read }), controller.signal);
      download(csvName(view, period), scorecardsCsv(cards));
      setProgress({ phase: 'idle', done: cards.length });
    } catch (error) {
      if (controller.signal.aborted) setProgress({ phase: 'idle' });
      else setProgress({ phase: 'failed', error });
    } finally {
      if (running.current === controller) running.current = undefined;
    }
  };

  return (
    <div class="export">
      {progress.phase === 'reading' ? (
        <>
          {expected && expected >= progress.read ? (
            <progress aria-label="Export progress" value={progress.read} max={expected} />
          ) : (
            <progress aria-label="Export progress" />
          )}
          <span class="export-status" role="status">
            Reading scorecards: {count(progress.read)}
            {expected !== undefined && ` of ${count(expected)}`}…
          </span>
          <button type="button" class="secondary" onClick={() => running.current?.abort()}>
            Cancel export
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void start()}>
          Export CSV
        </button>
      )}
      {progress.phase === 'idle' && progress.done !== undefined && (
        <span class="export-status" role="status">
          Exported {count(progress.done)} scorecards
        </span>
      )}
      {progress.phase === 'failed' && <Failure error={progress.error} onRetry={() => void start()} />}
    </div>
  );
}
