/**
 * A piece of work that falls due with time (leads whose protection ended, certifications
 * past their expiry, tiers under a version that took effect). Each proposes from a read model
 * and lets every stream decide, so running it twice, or on a stale list, changes nothing more.
 */
export interface DueWork {
  readonly name: string;
  /** Does what is due at `asOf`; answers a line for the log. */
  run(asOf: string): Promise<string>;
}

/** Injection token of the due work the capabilities declare (a list of DueWork). */
export const DUE_WORK = Symbol('DUE_WORK');
