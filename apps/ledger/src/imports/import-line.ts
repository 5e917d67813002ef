import { FactMessage } from '../fact-batches';

/** A line that is a Kafka record rather than a bare value: its first field is one of these. */
const RECORD = /^\s*\{\s*"(?:key|headers|value)"\s*:/;

export type LineFact = { ok: true; fact: FactMessage } | { ok: false; code: string; message: string };

/**
 * An import line as the fact it carries. A line is either the message value itself, or the
 * whole Kafka record `{ "key": "<partnerId>", "headers": { ... }, "value": { ... } }`: the key
 * orders a lead's facts (DealWon, DealReversed, LeadExtended, LeadLost, which name only the lead)
 * with the partner's other facts, as on the topic; a line's `x-correlation-id` header wins over
 * the import's (`--correlation-id`, X-Correlation-Id). Only a record is parsed here; a bare value goes to the engine as it is.
 */
export function lineFact(value: Buffer, importHeaders: Record<string, string> | undefined): LineFact {
  if (!RECORD.test(value.subarray(0, 64).toString('latin1'))) return { ok: true, fact: { value, headers: importHeaders } };
  let record: unknown;
  try {
    record = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, code: 'MALFORMED_JSON', message: 'the line is not UTF-8 JSON' };
  }
  const { key, headers, value: message, ...rest } = record as Record<string, unknown>;
  const problem =
    Object.keys(rest).length > 0 ? `a record has key, headers and value only, not ${Object.keys(rest).slice(0, 3).join(', ')}`
    : key !== undefined && key !== null && typeof key !== 'string' ? 'key: a string (the partnerId), or absent'
    : headers !== undefined && !(isObject(headers) && Object.values(headers).every((h) => typeof h === 'string')) ? 'headers: an object of strings'
    : !isObject(message) ? 'value: the activity message, a JSON object'
    : undefined;
  if (problem !== undefined) return { ok: false, code: 'VALIDATION_FAILED', message: problem };
  const own = headers as Record<string, string> | undefined;
  const merged = importHeaders || own ? { ...importHeaders, ...own } : undefined;
  return { ok: true, fact: { key: (key as string | null | undefined) ?? undefined, value: Buffer.from(JSON.stringify(message)), headers: merged } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
