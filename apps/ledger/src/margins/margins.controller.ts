import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { refuse } from '@ledger/domain';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { ProgramVersions } from '../write/program';
import { minPosition } from '../http/dto';
import { endMonthOf, monthRange } from './margin-range';
import { ListMarginAlertsQuery, ListMarginsQuery, MarginDriftQuery } from './margins.queries';
import {
  ListMarginAlertsQueryDto, ListMarginsQueryDto, MarginAlertPageResponse, MarginDriftQueryDto, MarginDriftResponse, MarginPageResponse,
} from './margins.view';

const MONTHS =
  'Figures are kept per UTC month: `from` and `to` select the months that overlap [from, to) (a month YYYY-MM stands for its first instant). ' +
  'A deal line counts in the month the deal was won, a reversal in the month it occurred, taking back its part of each line. Deals won without lines have no margin to count.';

/** The margin observatory over HTTP: margins by group, the alerts below the guaranteed minimum, and the drift month by month. The clock (now) is read here. */
@QueryRoutes('analyst', 'auditor', 'admin')
export class MarginsController {
  constructor(private readonly queries: QueryBus, private readonly versions: ProgramVersions) {}

  @Get('margins')
  @ApiOperation({
    summary: 'Revenue, margin and margin rate per partner, product line, product, typology or month over a range of months, sorted and paginated',
    description: `${MONTHS} marginRate = margin ÷ revenue, two decimals half up, computed from the exact sums (null without revenue).`,
  })
  @ApiOkResponse({ type: MarginPageResponse })
  @ApiProblems(400, 504)
  listMargins(@Query() q: ListMarginsQueryDto) {
    const filter = { partnerId: q.partnerId, productLine: q.productLine, product: q.product };
    return this.queries.execute(new ListMarginsQuery(monthRange(q.from, q.to), q.groupBy, filter, q.sort, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition)));
  }

  @Get('margins/alerts')
  @ApiOperation({
    summary: 'Deal lines sold below the guaranteed minimum margin (MarginBelowMinimum), newest first, paginated',
    description: `${MONTHS} Newest first: by when the deal was won, then by position, descending. Each names the rules version whose minimum it was below.`,
  })
  @ApiOkResponse({ type: MarginAlertPageResponse })
  @ApiProblems(400, 504)
  listAlerts(@Query() q: ListMarginAlertsQueryDto) {
    const filter = { partnerId: q.partnerId, productLine: q.productLine };
    const instant = (bound?: string) => (bound !== undefined && bound.includes('T') ? bound : undefined);
    const instants = { from: instant(q.from), to: instant(q.to) };
    return this.queries.execute(new ListMarginAlertsQuery(monthRange(q.from, q.to), filter, { limit: q.limit, cursor: q.cursor }, minPosition(q.minPosition), instants));
  }

  @Get('margins/drift')
  @ApiOperation({
    summary: 'A product line\'s (or the whole program\'s) margin rate and share of revenue sold below the minimum, month by month',
    description:
      `The last \`months\` months before \`to\` (default: the window ends with the last month the line, or the program, sold in; the current month when it never did), ` +
      `months without sales as zeros with null rates. ${MONTHS}`,
  })
  @ApiOkResponse({ type: MarginDriftResponse })
  @ApiProblems(400, 404, 504)
  async drift(@Query() q: MarginDriftQueryDto) {
    // A line no version of the program ever had has no drift to show: 404, not twelve empty months under its name.
    if (q.productLine !== undefined && !(await this.versions.productLinesEver()).has(q.productLine)) {
      throw refuse.notFound('UNKNOWN_PRODUCT_LINE', `product line "${q.productLine}" is not one of the program's`, { productLine: q.productLine });
    }
    return this.queries.execute(new MarginDriftQuery(q.productLine, q.months, q.to === undefined ? undefined : endMonthOf(q.to), new Date().toISOString(), minPosition(q.minPosition)));
  }
}
