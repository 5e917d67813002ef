import { lineFact } from './import-line';

const message = { id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c05', type: 'LeadLost', occurredAt: '2026-05-02T10:00:00Z', source: 'crm', payload: { leadId: 'lead-42', reason: 'r' } };
const line = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('lineFact', () => {
  it('hands a bare message value on as it is, with the import\'s headers', () => {
    const bytes = line(message);
    expect(lineFact(bytes, { 'x-correlation-id': 'import-1' })).toEqual({ ok: true, fact: { value: bytes, headers: { 'x-correlation-id': 'import-1' } } });
  });

  it('takes a Kafka record\'s key, headers (winning over the import\'s) and value', () => {
    const found = lineFact(line({ key: 'p-1001', headers: { 'x-correlation-id': 'crm-7', other: 'x' }, value: message }), { 'x-correlation-id': 'import-1' });
    expect(found).toEqual({ ok: true, fact: { key: 'p-1001', value: expect.any(Buffer), headers: { 'x-correlation-id': 'crm-7', other: 'x' } } });
    expect(JSON.parse((found as { fact: { value: Buffer } }).fact.value.toString())).toEqual(message);
    expect(lineFact(line({ value: message }), undefined)).toEqual({ ok: true, fact: { key: undefined, value: expect.any(Buffer), headers: undefined } });
  });

  it('refuses a record it cannot read, with the dead-letter codes', () => {
    expect(lineFact(line('{"key": "p-1", "value": '), undefined)).toMatchObject({ ok: false, code: 'MALFORMED_JSON' });
    for (const record of [
      { key: 'p-1', value: message, partition: 3 },
      { key: 7, value: message },
      { key: 'p-1', headers: { n: 1 }, value: message },
      { key: 'p-1', value: '{"id":"…"}' },
      { key: 'p-1' },
    ]) {
      expect(lineFact(line(record), undefined)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
  });
});
