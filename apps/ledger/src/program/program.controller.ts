import { Body, Get, HttpCode, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, ApiProblems, CommandRoutes, QueryRoutes } from '../http/api-docs';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { ProgramVersions } from '../write/program';
import { ProgramRulesQueryDto, ProgramRulesResponse, ProgramVersionsResponse, programRulesView } from './program-rules.view';
import { PublishProgramRulesCommand, PublishProgramRulesDto } from './publish-program-rules.command';

/** Publishing the program's rules: admins only. */
@CommandRoutes()
export class ProgramController {
  constructor(private readonly commands: CommandBus) {}

  @Put('program')
  @HttpCode(201) // a new version recorded, as every command answers (Nest answers a PUT with 200 otherwise)
  @Roles('admin')
  @ApiOperation({ summary: 'Publish the next version of the program\'s rules; facts are judged by the version in force when they occurred' })
  @ApiCommand(409, 422)
  publishProgramRules(@Body() body: PublishProgramRulesDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new PublishProgramRulesCommand(body, context));
  }
}

/** The program's rules as the `program` stream records them (read from the stream: they are few). */
@QueryRoutes('publisher', 'analyst', 'auditor', 'admin')
export class ProgramQueriesController {
  constructor(private readonly versions: ProgramVersions) {}

  @Get('program')
  @ApiOperation({ summary: 'The program\'s rules in force now, or at asOf' })
  @ApiOkResponse({ type: ProgramRulesResponse })
  @ApiProblems(400)
  async getProgram(@Query() { asOf }: ProgramRulesQueryDto) {
    return programRulesView((await this.versions.at(asOf ?? new Date().toISOString())).rules);
  }

  @Get('program/versions')
  @ApiOperation({ summary: 'Every version of the program\'s rules, oldest first' })
  @ApiOkResponse({ type: ProgramVersionsResponse })
  @ApiProblems()
  async listProgramVersions() {
    return { items: (await this.versions.all()).map(programRulesView) };
  }
}
