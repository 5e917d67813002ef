/**
 * Suites that need a real server run when its URL is set and otherwise say, in one line,
 * that they were skipped and why. `.ci/run` starts the servers and sets the URLs, so in CI
 * only the suites whose server cannot run on these machines are skipped.
 */
export function describeWithServer(variable: string, title: string, body: (url: string) => void): void {
  const url = process.env[variable];
  if (url) {
    describe(title, () => body(url));
    return;
  }
  process.stderr.write(`SKIPPED: ${title} — ${variable} is not set, so there is no server to run it against.\n`);
  // jest refuses a file without tests; this one states the skip and always passes.
  describe(title, () => {
    it.skip(`needs ${variable}`, () => undefined);
  });
}
