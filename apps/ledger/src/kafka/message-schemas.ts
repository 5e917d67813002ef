import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { deadLetterHeaders } from '../contracts/kafka-dead-letter';
import { relayedEvent } from '../contracts/kafka-events';
import { ACTIVITY_MESSAGES, activityMessage } from '../contracts/kafka-messages';

/**
 * The JSON Schemas of docs/messages/, generated from the zod schemas the consumer validates
 * with (and the relay's and dead-letter's contracts). A test fails when the committed files
 * differ from these; regenerate them with
 *
 *   UPDATE_MESSAGE_SCHEMAS=1 npx jest apps/ledger/src/kafka/message-schemas.spec.ts
 *   # or, after `npm run build`: node dist/apps/ledger/src/kafka/message-schemas.js
 *
 * Draft 7, the JSON Schema dialect AsyncAPI 3.0 documents embed and reference. Schemas
 * describe the input side (what a publisher may send). Zod refinements that JSON Schema
 * cannot express (a real calendar date in `occurredAt`) are enforced by the consumer and
 * stated in the descriptions.
 */
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function jsonSchema(schema: z.ZodType, id: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: `https://partner-ledger.example/messages/${id}`, ...rest };
}

/** File name → schema, for every file of docs/messages/ but asyncapi.yaml. */
export function messageSchemaFiles(): Record<string, Record<string, unknown>> {
  const files: Record<string, Record<string, unknown>> = {};
  const add = (file: string, schema: z.ZodType) => (files[file] = jsonSchema(schema, file));
  for (const [type, schema] of Object.entries(ACTIVITY_MESSAGES)) add(`${kebab(type)}.schema.json`, schema);
  add('activity-message.schema.json', activityMessage);
  add('ledger-event.schema.json', relayedEvent);
  add('dead-letter-headers.schema.json', deadLetterHeaders);
  return files;
}

/** The exact text of each file: two-space JSON and a final newline. */
export const schemaFileText = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`;

export function writeMessageSchemas(directory: string): string[] {
  mkdirSync(directory, { recursive: true });
  return Object.entries(messageSchemaFiles()).map(([file, schema]) => {
    writeFileSync(join(directory, file), schemaFileText(schema));
    return file;
  });
}

/** The repository's docs/messages: beside the nearest package.json above this file (source or dist). */
export function messageSchemaDir(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'docs', 'messages');
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

if (require.main === module) {
  const written = writeMessageSchemas(resolve(process.argv[2] ?? messageSchemaDir()));
  console.log(`wrote ${written.length} schemas: ${written.join(', ')}`);
}
