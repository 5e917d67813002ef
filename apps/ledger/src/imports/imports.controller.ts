import { Controller, HttpCode, Post, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { refuse } from '@ledger/domain';
import { Roles } from '../auth/roles.decorator';
import { FactBatches } from '../fact-batches';
import { EventStoreUnavailableError } from '@ledger/event-store';
import { importFacts, ImportRefusal, ImportStalledError } from './fact-import';
import { ndjsonChunks } from './ndjson-chunks';
import { ApiProblems } from '../http/api-docs';
import { ProblemDto } from '../http/dto';
import { HEADER_VALUE } from '../http/request-context';
import { ImportResultResponse, MAX_REFUSALS_LISTED } from './imports.view';

export const NDJSON = 'application/x-ndjson';
/** Lines handed to the batch engine at once: the body is read one chunk ahead at most. */
const CHUNK_LINES = 2000;

/**
 * `POST /imports`: a backfill over HTTP, one Kafka message value a line. The body is read as it
 * arrives (the JSON body parser leaves this media type alone) and recorded chunk after chunk, so
 * memory stays flat whatever its size; a line refused is reported, never the whole import.
 */
@ApiTags('commands')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(private readonly facts: FactBatches) {}

  @Post('imports')
  @HttpCode(200)
  @Roles('publisher', 'admin')
  @ApiOperation({
    summary: 'Record facts in the Kafka message format, one a line (NDJSON), as a backfill',
    description:
      'Each line is the value of a message to the activity topic (docs/messages/activity-message.schema.json): same validation, same ids, so a fact ' +
      'recorded over Kafka or by an earlier import is answered alreadyRecorded. Lines are recorded in order, in chunks, as the body streams in; a ' +
      'line refused (malformed, invalid, a rule) is listed with its number and reason and the others are recorded. A client cut off mid-body can ' +
      'send the same body again: what was recorded is alreadyRecorded. X-Correlation-Id is carried into every fact\'s events.',
  })
  @ApiConsumes(NDJSON)
  // A body with no line at all is 400 EMPTY_BODY: the pattern says it holds something besides blanks.
  @ApiBody({ required: true, schema: { type: 'string', pattern: '\\S', description: 'One activity message (JSON) a line, UTF-8, each at most 64 KiB; at least one line (400 EMPTY_BODY)' } })
  @ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Recorded in every imported fact\'s events. 1 to 200 visible ASCII characters', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: HEADER_VALUE.source } })
  @ApiOkResponse({ type: ImportResultResponse, description: 'Every line recorded, already recorded or refused' })
  @ApiProblems(400)
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/x-ndjson', type: ProblemDto })
  @ApiResponse({ status: 503, description: 'STORE_UNAVAILABLE: a store stayed unavailable; the lines before the failing chunk are recorded: send the body again', type: ProblemDto })
  async importFacts(@Req() request: Request): Promise<ImportResultResponse> {
    if (!request.is(NDJSON)) throw new UnsupportedMediaTypeException(`the body must be ${NDJSON}: one activity message a line`);
    const correlationId = request.header('x-correlation-id');
    if (correlationId !== undefined && !HEADER_VALUE.test(correlationId)) {
      throw refuse.invalid('INVALID_HEADER', 'x-correlation-id must be 1 to 200 visible ASCII characters', { header: 'x-correlation-id' });
    }
    const refusals: ImportRefusal[] = [];
    const summary = await importFacts(ndjsonChunks(request, { size: CHUNK_LINES }), this.facts, {
      correlationId,
      onRefusal: (refusal) => void (refusals.length < MAX_REFUSALS_LISTED && refusals.push(refusal)),
    }).catch((error: unknown) => {
      if (error instanceof ImportStalledError) throw new EventStoreUnavailableError(error.message, { cause: error });
      // The client went away mid-body: a client's doing, answered (to no one) without an error log.
      if ((error as { code?: string })?.code === 'ECONNRESET' || request.destroyed) {
        throw refuse.invalid('BODY_INCOMPLETE', 'the body was cut off; the chunks before the cut are recorded: send the same body again');
      }
      throw error;
    });
    if (summary.recorded + summary.alreadyRecorded + summary.refused === 0) throw refuse.invalid('EMPTY_BODY', 'the body holds no line: send one activity message a line');
    const { recorded, alreadyRecorded, refused, lastPosition } = summary;
    return { recorded, alreadyRecorded, refused, refusals, lastPosition };
  }
}
