import { Body, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { TYPOLOGIES } from '@ledger/domain';
import { Roles } from '../auth/roles.decorator';
import { anyPeriod, identifier } from '../contracts/fields';
import { ApiCommand, ApiProblems, CommandRoutes, QueryRoutes } from '../http/api-docs';
import { minPosition } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { ListObjectivesQuery } from './objective-register.queries';
import { ListObjectivesQueryDto, ObjectivePageResponse } from './objective-register.view';
import { SetPartnerObjectiveCommand } from './set-partner-objective.command';
import { ObjectiveDto, SetTypologyObjectiveCommand } from './set-typology-objective.command';

class TypologyObjectiveParams extends createZodDto(z.strictObject({ typology: z.enum(TYPOLOGIES), period: anyPeriod })) {}
class PartnerObjectiveParams extends createZodDto(z.strictObject({ partnerId: identifier, period: anyPeriod })) {}

const SETTING = 'Setting a scope\'s period again replaces its targets whole (both settings stay in history); a metric left out has no target. ' +
  'A month\'s attainment uses the month\'s target only: a quarter\'s or year\'s target is not split into months.';

/** Setting objectives: admins only. */
@CommandRoutes()
export class ObjectivesController {
  constructor(private readonly commands: CommandBus) {}

  @Put('objectives/typologies/:typology/:period')
  @HttpCode(201) // recorded, as every command answers (Nest answers a PUT with 200 otherwise)
  @Roles('admin')
  @ApiOperation({ summary: 'Set the targets of every partner of a typology for a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY)', description: SETTING })
  @ApiCommand(409)
  setTypologyObjective(@Param() { typology, period }: TypologyObjectiveParams, @Body() body: ObjectiveDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new SetTypologyObjectiveCommand(typology, period, body, context));
  }

  @Put('objectives/partners/:partnerId/:period')
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Set a partner\'s own targets for a period; they override its typology\'s metric by metric', description: SETTING })
  @ApiCommand(404, 409)
  setPartnerObjective(@Param() { partnerId, period }: PartnerObjectiveParams, @Body() body: ObjectiveDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new SetPartnerObjectiveCommand(partnerId, period, body, context));
  }
}

/** What is set, for analysts. */
@QueryRoutes('analyst', 'admin')
export class ObjectiveQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('objectives')
  @ApiOperation({ summary: 'The objectives set, by period, typology (a typology\'s own) or partner (a partner\'s own), paginated' })
  @ApiOkResponse({ type: ObjectivePageResponse })
  @ApiProblems(400, 504)
  listObjectives(@Query() q: ListObjectivesQueryDto) {
    return this.queries.execute(
      new ListObjectivesQuery({ period: q.period, typology: q.typology, partnerId: q.partnerId }, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)),
    );
  }
}
