import { INestApplication, Logger } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/ledger-config';

// The console loads nothing from elsewhere: scripts, styles and data all come from this origin.
// ECharts sets inline style attributes, hence 'unsafe-inline' for styles only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function consoleHeaders(_request: Request, response: Response, next: NextFunction) {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

/**
 * Serves the web console at /console from the same port as the API. It is static files only:
 * every figure it shows comes from the public HTTP API with the key its user enters, so the
 * files themselves need no key.
 */
export function serveConsole(app: INestApplication, config: Pick<LedgerConfig, 'console'>) {
  const dir = config.console.dir;
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('Console').warn(`the web console is not built (no ${join(dir, 'index.html')}): run npm run build`);
    app.use('/console', consoleHeaders, (_request: Request, response: Response) => {
      response.status(404).json({ statusCode: 404, code: 'CONSOLE_NOT_BUILT', message: 'the web console is not built: run npm run build' });
    });
    return;
  }
  app.use(
    '/console',
    consoleHeaders,
    express.static(dir, {
      index: 'index.html',
      setHeaders: (response, path) => {
        // Bundles carry a content hash in their names; the page itself must always be fresh.
        response.setHeader('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
}
