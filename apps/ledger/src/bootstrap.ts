import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { LedgerConfig } from './config/ledger-config';
import { documentFreshness, documentLinks, documentProgramRules, keepOperationIds } from './http/api-docs';
import { limitJsonDepth } from './http/json-depth';
import { bodyProblemHandler } from './http/problem.filter';
import { serveConsole } from './console/serve-console';
import { LedgerModule } from './ledger.module';
import { ProgramVersions } from './write/program';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the HTTP application; used by main.ts and by the end-to-end tests alike. */
export async function createLedgerApp(config: LedgerConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(LedgerModule.forRoot(config), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    bodyParser: false,
    // On shutdown, HttpDrain first lets the requests in flight finish; whatever connection is
    // still open after that is closed.
    forceCloseConnections: true,
  });
  // Commands are small: a bounded body keeps hostile payloads out before parsing.
  app.use(json({ limit: '64kb', strict: true }), limitJsonDepth, bodyProblemHandler());
  // SIGTERM/SIGINT: drain HTTP, stop the projectors at their checkpoints, close the stores, exit 0.
  app.enableShutdownHooks([], { useProcessExit: true });

  const documented = apiDocument(app);
  const program = app.get(ProgramVersions);
  SwaggerModule.setup('docs', app, documentProgramRules(structuredClone(documented), program.current), {
    jsonDocumentUrl: 'docs-json',
    // The enums follow the rules in force when the document is read: a version published
    // since start (here or by another instance), or one whose effectiveFrom has passed.
    patchDocumentOnRequest: async (_request, _response, base) => {
      await program.refresh();
      return documentProgramRules(structuredClone(base), program.current);
    },
  });
  serveConsole(app, config);
  return app;
}

/** The HTTP API's OpenAPI document as declared by the controllers, before the rules in force are applied. */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Partner Ledger')
      .setDescription('Records what channel partners do, exactly once; serves scorecards, tiers and history. Money is a decimal string; positions are decimal strings.')
      .setVersion('0.1.0')
      .build(),
    // Routes are tagged commands, queries, admin or health, whichever capability declares them.
    { autoTagControllers: false },
  );
  return documentLinks(documentFreshness(cleanupOpenApiDoc(keepOperationIds(document))));
}

