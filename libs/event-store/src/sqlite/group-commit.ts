/** One request's own outcome within a group: its answer, or why it alone failed. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<Q, R> {
  request: Q;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Commits the writes requested during one turn of the event loop together, so that one
 * fsync covers them all. `commit` runs a group in one transaction and reports each request's
 * own outcome; if it throws, the transaction as a whole failed and so does every request.
 * Nothing is answered before `commit` has returned: no write is acknowledged before it is durable.
 */
export class GroupCommit<Q, R> {
  private waiting: Waiting<Q, R>[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly commit: (requests: Q[]) => Outcome<R>[]) {}

  submit(request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      // setImmediate runs after this iteration's I/O callbacks (concurrent requests), so they
      // share a commit, while a lone write waits no more than that.
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  isWaiting(match: (request: Q) => boolean): boolean {
    return this.waiting.some((w) => match(w.request));
  }

  /** Commits what is waiting now, rather than at the end of the turn. */
  flush(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const group = this.waiting;
    if (group.length === 0) return;
    this.waiting = [];
    let outcomes: Outcome<R>[];
    try {
      outcomes = this.commit(group.map((w) => w.request));
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    for (let i = 0; i < group.length; i++) {
      const outcome = outcomes[i]!;
      if (outcome.ok) group[i]!.resolve(outcome.value);
      else group[i]!.reject(outcome.error);
    }
  }
}
