/**
 * Ctrl-C for a long job: the first asks it to stop (the work in hand finishes, `signal` is
 * aborted, `after` says what happens then), the second quits at once with 130.
 */
export function stopOnInterrupt(after: string): { signal: AbortSignal; dispose(): void } {
  const abort = new AbortController();
  const onInterrupt = () => {
    abort.abort();
    process.stderr.write(`\nstopping ${after} (Ctrl-C again to quit at once)\n`);
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  return { signal: abort.signal, dispose: () => process.removeListener('SIGINT', onInterrupt) };
}
