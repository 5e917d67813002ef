import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activityMessage, ACTIVITY_MESSAGE_TYPES } from '../contracts/kafka-messages';
import { relayedEvent } from '../contracts/kafka-events';
import { messageSchemaDir, messageSchemaFiles, schemaFileText, writeMessageSchemas } from './message-schemas';

/**
 * "The consumer validates against the same schemas it publishes": docs/messages/*.schema.json
 * must be exactly what the zod schemas generate. To accept a change of the zod schemas:
 *   UPDATE_MESSAGE_SCHEMAS=1 npx jest test/kafka/message-schemas.spec.ts
 */
const dir = messageSchemaDir();

describe('docs/messages', () => {
  if (process.env['UPDATE_MESSAGE_SCHEMAS'] === '1') {
    it('regenerates the JSON Schemas', () => {
      expect(writeMessageSchemas(dir).length).toBeGreaterThan(0);
    });
  }

  const generated = messageSchemaFiles();

  it.each(Object.keys(generated))('%s is what the zod schemas generate', (file) => {
    const path = join(dir, file);
    expect(existsSync(path)).toBe(true);
    const committed = readFileSync(path, 'utf8');
    if (committed !== schemaFileText(generated[file]!)) {
      throw new Error(`${path} is out of date with the zod schemas: run UPDATE_MESSAGE_SCHEMAS=1 npx jest test/kafka/message-schemas.spec.ts`);
    }
  });

  it('holds no stale schema file', () => {
    const onDisk = readdirSync(dir).filter((file) => file.endsWith('.schema.json'));
    expect(onDisk.sort()).toEqual(Object.keys(generated).sort());
  });

  it('has one schema per message type', () => {
    for (const type of ACTIVITY_MESSAGE_TYPES) {
      const file = `${type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.schema.json`;
      expect(generated[file]).toMatchObject({ properties: { type: { const: type } } });
    }
  });

  describe('asyncapi.yaml', () => {
    const asyncapi = readFileSync(join(dir, 'asyncapi.yaml'), 'utf8');

    it('is AsyncAPI 3 and describes the three channels', () => {
      expect(asyncapi).toMatch(/^asyncapi: 3\.0\.0$/m);
      for (const address of ['partner-activity', 'partner-activity.dlq', 'partner-ledger.events']) {
        expect(asyncapi).toContain(`address: ${address}\n`);
      }
      for (const type of ACTIVITY_MESSAGE_TYPES) expect(asyncapi).toContain(`$ref: '#/components/messages/${type}'`);
    });

    it('references only schema files that exist, and every generated one but the union', () => {
      const refs = [...asyncapi.matchAll(/\$ref: '\.\/([^']+)'/g)].map((m) => m[1]!);
      for (const ref of refs) expect(Object.keys(generated)).toContain(ref);
      expect(new Set(refs)).toEqual(new Set(Object.keys(generated).filter((file) => file !== 'activity-message.schema.json')));
    });

    it('gives examples that the consumer (and the relay contract) accept', () => {
      const examples = [...asyncapi.matchAll(/^\s+payload: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
      const relayed = examples.filter((example) => 'eventId' in example).map((example) => example['type']);
      expect(examples.length - relayed.length).toBe(ACTIVITY_MESSAGE_TYPES.length);
      expect(relayed).toEqual(['IncentiveAwarded', 'PersonErased']); // one with people's data, and an erasure
      for (const example of examples) {
        const schema = 'eventId' in example ? relayedEvent : activityMessage;
        const parsed = schema.safeParse(example);
        if (!parsed.success) throw new Error(`example ${JSON.stringify(example).slice(0, 80)}…: ${parsed.error.message}`);
      }
    });
  });
});
