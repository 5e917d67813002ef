import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { GetProjectionStatusQuery, ProjectionStatusResponse } from './projection-status';

@ApiTags('queries')
@ApiBearerAuth()
@Controller()
export class ProjectionStatusController {
  constructor(private readonly queries: QueryBus) {}

  @Get('projections')
  @Roles('analyst', 'auditor', 'admin')
  @ApiOperation({ summary: 'Each projection\'s checkpoint and lag behind the event store\'s head (in positions)' })
  @ApiOkResponse({ type: ProjectionStatusResponse })
  projections() {
    return this.queries.execute(new GetProjectionStatusQuery());
  }
}
