/**
 * Lets plain `node` run the ledger's TypeScript sources, for the Kafka suites that need the
 * ledger in a child process they can SIGKILL (jest's own transform only works in-process).
 *
 *   node -r ./test/kafka/support/ts-register.js test/kafka/support/ledger-process.ts
 *
 * Each file is transpiled on its own with the compiler jest uses (the project compiles with
 * isolatedModules, so that is safe), and the tsconfig path aliases (@ledger/*) are resolved.
 * Type checking stays with `tsc --noEmit`.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../..');
const { compilerOptions } = require(path.join(root, 'tsconfig.json'));

const aliases = Object.entries(compilerOptions.paths).map(([pattern, [target]]) => ({
  wildcard: pattern.endsWith('/*'),
  prefix: pattern.replace(/\*$/, ''),
  target: path.join(root, target.replace(/\*$/, '')),
}));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const alias of aliases) {
    if (alias.wildcard ? request.startsWith(alias.prefix) : request === alias.prefix) {
      request = alias.wildcard ? path.join(alias.target, request.slice(alias.prefix.length)) : alias.target;
      break;
    }
  }
  return resolveFilename.call(this, request, ...rest);
};

const options = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
