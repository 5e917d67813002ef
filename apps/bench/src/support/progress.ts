import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(value: number): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar on stderr (only when stderr is a terminal and progress is wanted). */
export function progressBar(enabled: boolean, label: string, total: number): Progress {
  if (!enabled || !process.stderr.isTTY) return silent;
  const bar = new SingleBar(
    { format: `${label.padEnd(34)} [{bar}] {percentage}% | {value}/{total} | {rate}/s`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: 0 });
  let last = 0;
  return {
    update(value) {
      const now = Date.now();
      if (now - last < 100 && value < total) return;
      last = now;
      bar.update(value, { rate: Math.round(value / Math.max((now - started) / 1000, 0.001)) });
    },
    stop() {
      bar.stop();
    },
  };
}

/** One line on stderr saying what the bench is doing. */
export function say(enabled: boolean, text: string): void {
  if (enabled) process.stderr.write(`bench: ${text}\n`);
}
