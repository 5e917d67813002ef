import { Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { QueryRoutes } from '../http/api-docs';
import { GetProjectionStatusQuery, ProjectionStatusResponse } from './projection-status';

@QueryRoutes()
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
