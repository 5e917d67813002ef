import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr for long jobs (rebuilds, demo data), silent when not a terminal. */
export function progressBar(label: string, total: number) {
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`, stream: process.stderr, noTTYOutput: false, etaBuffer: 50 },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: 0 });
  return {
    update(value: number) {
      bar.update(value, { rate: Math.round(value / Math.max((Date.now() - started) / 1000, 0.001)) });
    },
    stop() {
      bar.stop();
    },
  };
}
