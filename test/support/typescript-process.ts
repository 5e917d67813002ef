import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');

/**
 * How a child `node` process runs the ledger's TypeScript sources, for suites that must
 * SIGKILL or SIGTERM a real process (jest's transform only works in-process): ts-node,
 * transpiling only (type checking is `npm run typecheck`'s), and tsconfig-paths for the
 * @ledger/* aliases.
 */
export function typescriptNode(entry: string): { args: string[]; env: Record<string, string> } {
  return {
    args: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', entry],
    env: { TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
  };
}
