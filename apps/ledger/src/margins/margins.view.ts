import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { formatAmount, ratePercent, TYPOLOGIES } from '@ledger/domain';
import { dayStart, identifier, instant, period } from '../contracts/fields';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { MARGIN_GROUPS, MARGIN_SORTS, MarginGroupSums } from './margin-groups';
import { MarginSums } from './margin-sums';
import { MarginAlertDocument } from './margins.projection';

/** part ÷ whole as a percent with two decimals, half up; null when the whole is nothing (no revenue, no rate). */
const rateOf = (part: number, whole: number): string | null => (whole === 0 ? null : ratePercent(part, whole));

const sumsView = (sums: MarginSums) => ({
  revenue: formatAmount(sums.revenue),
  margin: formatAmount(sums.margin),
  marginRate: rateOf(sums.margin, sums.revenue),
  revenueBelowMinimum: formatAmount(sums.revenueBelowMinimum),
  shareBelowMinimum: rateOf(sums.revenueBelowMinimum, sums.revenue),
});

/** A group as the API shows it: its key fields, then its sums (money as decimal strings) and rates. */
export const marginGroupView = (group: MarginGroupSums) => ({ ...group.fields, ...sumsView(group) });

export const driftMonthView = (month: string, sums: MarginSums) => ({ month, ...sumsView(sums) });

export const alertView = (alert: MarginAlertDocument) => ({
  leadId: alert.leadId,
  partnerId: alert.partnerId,
  productLine: alert.productLine,
  product: alert.product,
  revenue: formatAmount(alert.revenue),
  margin: formatAmount(alert.margin),
  rate: alert.rate,
  minimumRate: alert.minimumRate,
  rulesVersion: alert.rulesVersion,
  occurredAt: alert.occurredAt,
  position: String(alert.position),
});

const decimal = (description: string) => z.string().describe(`Decimal string, e.g. "1250.10": ${description}`);
const nullablePercent = (description: string) => z.string().nullable().meta({ type: 'string', nullable: true, description });

const sums = {
  revenue: decimal('revenue sold, less what reversals in these months took back'),
  margin: decimal('margin on that revenue, less what reversals took back'),
  marginRate: nullablePercent('margin ÷ revenue as a percent with two decimals, half up (e.g. "10.83"); null when revenue is zero'),
  revenueBelowMinimum: decimal('the part of revenue sold on lines whose margin rate was below the guaranteed minimum (a MarginBelowMinimum)'),
  shareBelowMinimum: nullablePercent('revenueBelowMinimum ÷ revenue as a percent with two decimals, half up; null when revenue is zero'),
};

const marginGroup = z.object({
  partnerId: z.string().optional().describe('groupBy=partner'),
  typology: z.enum(TYPOLOGIES).optional().describe('groupBy=partner (the partner\'s) or groupBy=typology'),
  productLine: z.string().optional().describe('groupBy=productLine or groupBy=product'),
  product: z.string().optional().describe('groupBy=product'),
  month: z.string().optional().describe('groupBy=month: YYYY-MM (UTC)'),
  ...sums,
});

const alert = z.object({
  leadId: z.string(),
  partnerId: z.string(),
  productLine: z.string(),
  product: z.string(),
  revenue: decimal('the line\'s revenue'),
  margin: decimal('the line\'s margin'),
  rate: z.string().describe('The line\'s margin rate, percent with two decimals, half up'),
  minimumRate: z.string().describe('The minimum the rules guaranteed (percent, as published)'),
  rulesVersion: z.number().int().describe('The program rules version whose minimum the line was below: the one in force when the deal was won'),
  occurredAt: z.string().describe('When the deal was won, UTC'),
  position: z.string().describe('Global position of the MarginBelowMinimum event, as a decimal string'),
});

const driftMonth = z.object({ month: z.string().describe('YYYY-MM (UTC)'), ...sums });

export class MarginPageResponse extends createZodDto(pageResponse(marginGroup)) {}
export class MarginAlertPageResponse extends createZodDto(pageResponse(alert)) {}
export class MarginDriftResponse extends createZodDto(
  z.object({ productLine: z.string().optional().describe('The line asked for; absent: the whole program'), months: z.array(driftMonth).describe('Oldest first, every month of the window') }),
) {}

/** A bound of a range: a month, or an instant (which selects the month it falls in, see README). */
const bound = (description: string) => z.union([period, instant, dayStart]).optional().describe(description);
const range = {
  from: bound('First month counted: YYYY-MM, or an instant or a day YYYY-MM-DD (its UTC month). Absent: from the first sale'),
  to: bound('End, exclusive: YYYY-MM (that month is not counted), or an instant or a day (its UTC month is counted unless it is the month\'s first instant). Absent: up to the last sale'),
};
const product = z.string().min(1).max(200);

export class ListMarginsQueryDto extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    ...pageQuery,
    ...range,
    groupBy: z.enum(MARGIN_GROUPS).default('productLine').describe('What a row sums over; default productLine'),
    partnerId: identifier.optional(),
    productLine: identifier.optional(),
    product: product.optional(),
    sort: z
      .enum([...MARGIN_SORTS, 'rate', '-rate'])
      .default('key')
      // `rate` says what `marginRate` says.
      .transform((sort) => (sort === 'rate' ? 'marginRate' : sort === '-rate' ? '-marginRate' : sort))
      .describe('key (default): by the group\'s key fields, ascending (months oldest first); or a figure, descending with a leading "-"; by marginRate, groups without revenue last; ties by key'),
  }),
) {}

export class ListMarginAlertsQueryDto extends createZodDto(
  z.strictObject({ ...freshnessQuery, ...pageQuery, ...range, partnerId: identifier.optional(), productLine: identifier.optional() }),
) {}

export class MarginDriftQueryDto extends createZodDto(
  z.strictObject({
    ...freshnessQuery,
    productLine: identifier.optional().describe('A product line; absent: the whole program'),
    months: z.coerce.number().int().min(1).max(60).default(12).describe('How many months, the last one included; 1 to 60, default 12'),
    to: range.to.describe('End of the window, exclusive, as in GET /margins; default: the window ends with the last month the line (the program) sold in, or the current month when it never did'),
  }),
) {}
