import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommandAnswering, ApiProblems, CommandRoutes, QueryRoutes } from '../http/api-docs';
import { FreshnessQuery, minPosition } from '../http/dto';
import { HttpCommandContext } from '../http/request-context';
import { CommandContext } from '../write/command-context';
import { CommandResult } from '../write/command-result';
import { GetChallengeQuery, GetLeaderboardQuery, ListChallengesQuery } from './challenges.queries';
import { ChallengePageResponse, ChallengeParams, ChallengeResponse, LeaderboardPageResponse, LeaderboardQueryDto, ListChallengesQueryDto } from './challenges.view';
import { ChallengeCreatedResponse, CreateChallengeCommand, CreateChallengeDto } from './create-challenge.command';

/** Creating challenges: admins only. */
@CommandRoutes()
export class ChallengesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('challenges')
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a challenge: partners ranked by a metric over [from, to), incentives awarded in it to the roles it names',
    description:
      '409 CHALLENGE_ALREADY_EXISTS, 422 CHALLENGE_ENDS_BEFORE_IT_STARTS. A challenge whose eligibleRoles leave out both technical and pre-sales staff (sales only) is ' +
      'created all the same, with `warnings` saying so (in the answer and in GET /challenges/:challengeId).',
  })
  @ApiCommandAnswering(ChallengeCreatedResponse, 409, 422)
  createChallenge(@Body() body: CreateChallengeDto, @HttpCommandContext() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateChallengeCommand(body, context));
  }
}

/** Challenges and their leaderboards, as the `challenges` read models show them. */
@QueryRoutes('analyst', 'auditor', 'admin')
export class ChallengeQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('challenges')
  @ApiOperation({ summary: 'Every challenge, the latest to start first, paginated' })
  @ApiOkResponse({ type: ChallengePageResponse })
  @ApiProblems(400, 504)
  listChallenges(@Query() q: ListChallengesQueryDto) {
    return this.queries.execute(new ListChallengesQuery({ limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)));
  }

  @Get('challenges/:challengeId')
  @ApiOperation({ summary: 'A challenge: its terms, warnings, and the incentives awarded in it by role (count, value, share)' })
  @ApiOkResponse({ type: ChallengeResponse })
  @ApiProblems(400, 404, 504)
  getChallenge(@Param() { challengeId }: ChallengeParams, @Query() q: FreshnessQuery) {
    return this.queries.execute(new GetChallengeQuery(challengeId, minPosition(q.minPosition)));
  }

  @Get('challenges/:challengeId/leaderboard')
  @ApiOperation({
    summary: 'A challenge\'s leaderboard: the partners taking part ranked by the metric over [from, to), paginated',
    description:
      'Ranks are positions (1, 2, 3, …), distinct: partners with the same value are ranked by who reached it first (then by partnerId). ' +
      'A partner appears once a fact counted in the challenge or an incentive was awarded to its people in it.',
  })
  @ApiOkResponse({ type: LeaderboardPageResponse })
  @ApiProblems(400, 404, 504)
  getLeaderboard(@Param() { challengeId }: ChallengeParams, @Query() q: LeaderboardQueryDto) {
    return this.queries.execute(new GetLeaderboardQuery(challengeId, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)));
  }
}
