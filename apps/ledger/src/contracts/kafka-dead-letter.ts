import { z } from 'zod';

/**
 * A message the ledger could not record goes to the dead-letter topic (`<topic>.dlq` by
 * default) unchanged: same value, same key, the original headers kept. These headers, added
 * to it, say why and where it came from. Header values are UTF-8 strings.
 */
export const DEAD_LETTER_HEADERS = {
  errorCode: 'x-error-code',
  errorMessage: 'x-error-message',
  errorDetails: 'x-error-details',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  deadLetteredAt: 'x-dead-lettered-at',
} as const;

const decimal = z.string().regex(/^\d+$/);

export const deadLetterHeaders = z
  .looseObject({
    [DEAD_LETTER_HEADERS.errorCode]: z
      .string()
      .describe('Machine-readable reason, the same codes as the HTTP API: MALFORMED_JSON, VALIDATION_FAILED, UNKNOWN_MESSAGE_TYPE, PAYLOAD_TOO_LARGE, PARTNER_NOT_FOUND, LEAD_NOT_FOUND, DEAL_ALREADY_WON, PARTNER_ALREADY_REGISTERED, LEAD_ALREADY_REGISTERED, UNKNOWN_PRODUCT_LINE, CURRENCY_NOT_ACCEPTED, INTERNAL_ERROR, ...'),
    [DEAD_LETTER_HEADERS.errorMessage]: z.string().describe('One sentence for a person (at most 1000 characters)'),
    [DEAD_LETTER_HEADERS.errorDetails]: z.string().optional().describe('JSON object with the refusal\'s details, when it has any'),
    [DEAD_LETTER_HEADERS.originalTopic]: z.string().describe('Topic the message was read from'),
    [DEAD_LETTER_HEADERS.originalPartition]: decimal.describe('Its partition, as a decimal string'),
    [DEAD_LETTER_HEADERS.originalOffset]: decimal.describe('Its offset, as a decimal string'),
    [DEAD_LETTER_HEADERS.deadLetteredAt]: z.string().describe('When the ledger dead-lettered it (ISO-8601)'),
  })
  .meta({ title: 'DeadLetterHeaders', description: 'Headers the ledger adds to a dead-lettered message; the original headers are kept beside them.' });

export type DeadLetterHeaders = z.infer<typeof deadLetterHeaders>;
