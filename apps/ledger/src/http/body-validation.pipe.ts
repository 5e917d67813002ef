import { ArgumentMetadata, Injectable } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';

/**
 * Validates every DTO with its zod schema, a request sent without a body read as an empty one:
 * a command whose fields are all optional (`POST /coop/claims/:claimId/approve`) needs none,
 * and one with required fields names them rather than "expected object".
 */
@Injectable()
export class BodyValidationPipe extends ZodValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return super.transform(metadata.type === 'body' && value === undefined ? {} : value, metadata);
  }
}
