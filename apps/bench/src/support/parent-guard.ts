/**
 * Preloaded (node -r) into every child the bench starts (the ledger, the bench worker): when
 * the bench dies without stopping it (killed, or a test runner tearing its worker down), the
 * child notices it was orphaned and stops itself, gracefully (SIGTERM), so no ledger or
 * worker is left running. A one-second, unref'd timer: nothing else changes in the child.
 */
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
