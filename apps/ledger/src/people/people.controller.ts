import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { identifier } from '../contracts/fields';
import { ApiCommand, CommandRoutes } from '../http/api-docs';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { ErasePersonCommand, ErasePersonDto } from './erase-person.command';
import { PersonalData } from './personal-data.service';

export class PersonParams extends createZodDto(z.strictObject({ personId: identifier.describe("The person's id as recorded: an engineerId or an incentive recipient's personId") })) {}

/** People's personal data over HTTP: erasure (GDPR art. 17). */
@CommandRoutes()
export class PeopleController {
  constructor(private readonly commands: CommandBus, private readonly personal: PersonalData) {}

  @Post('people/:personId/erase')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Erase a person: destroy their keys so that every value sealed under them reads "[erased]", and record PersonErased',
    description: 'Idempotent: erasing again destroys nothing more and records nothing (eventIds is empty). Counts, tiers and scorecards are unchanged.',
  })
  @ApiCommand(409)
  erase(@Param() { personId }: PersonParams, @Body() body: ErasePersonDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ErasePersonCommand(personId, body, context, this.personal));
  }
}
