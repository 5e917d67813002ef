import { readFileSync, writeFileSync } from 'node:fs';

export const MB = 1024 * 1024;

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak RSS of another process (the ledger) over a phase: VmHWM from /proc, reset at the
 * start of the phase through clear_refs when the kernel allows it, with VmRSS sampled
 * meanwhile as a fallback (and as a check).
 */
export class ProcessPeak {
  private sampled = 0;
  private timer?: NodeJS.Timeout;
  private hwmReset = false;

  constructor(private readonly pid: number) {}

  /** `reset`: from now on (VmHWM reset); otherwise over the process's whole life so far too. */
  start(intervalMs = 100, reset = true): this {
    if (reset) {
      try {
        writeFileSync(`/proc/${this.pid}/clear_refs`, '5'); // resets the peak RSS (VmHWM)
        this.hwmReset = true;
      } catch {
        this.hwmReset = false;
      }
    } else {
      this.hwmReset = true; // VmHWM since the process started is exactly what is wanted
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  private sample() {
    this.sampled = Math.max(this.sampled, statusField(this.pid, 'VmRSS') ?? 0);
  }

  /** Bytes. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const hwm = this.hwmReset ? statusField(this.pid, 'VmHWM') : undefined;
    return Math.max(hwm ?? 0, this.sampled);
  }
}

/** Peak RSS of this process, sampled (call sample() from hot loops too; it is cheap). */
export class SelfPeak {
  peak = 0;
  private timer?: NodeJS.Timeout;

  start(intervalMs = 50): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    return rss;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
