import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ProgramEvent, programDecider, ProgramState, PublishProgramRules, streams } from '@ledger/domain';
import { amount, identifier, instant } from '../contracts/fields';
import { CommandContext } from '../write/command-context';
import { DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';

/** A number of days: a positive whole number (at most a century, so that dates stay dates). */
const days = (what: string) => z.number().int().min(1).max(36_500).describe(what);

/** A tier's minimum counts of distinct engineers; a tier needs at least one of 1 or more (422 TIER_WITHOUT_CRITERIA). */
const count = (what: string) => z.number().int().min(0).max(100_000).optional().describe(what);
const criterion = z.strictObject({
  flagshipEngineers: count('Engineers certified on the flagship line'),
  otherLineEngineers: count('Engineers certified on a line other than the flagship'),
  engineersCertifiedOnEveryLine: count('Engineers each certified on every product line'),
});

/** A percent from 0 to 100 with at most 2 decimals: a decimal string ("12.5"), or a number (12.5) kept as its decimal string. */
const percent = z
  .union([
    z.string().regex(/^(100(\.0{1,2})?|[1-9]?[0-9](\.[0-9]{1,2})?)$/, 'a percent from 0 to 100 as a decimal string with at most 2 decimals, e.g. "12.5"'),
    // multipleOf, not a refine, so that the OpenAPI document says it too
    z.number().min(0).max(100).multipleOf(0.01, 'a percent with at most 2 decimals'),
  ])
  .transform((value) => (typeof value === 'number' ? String(Math.round(value * 100) / 100) : value));

/** A product line's minimum margin: a percent for the line, or for the line with exceptions per product. */
const minimumMargin = z.union([
  percent,
  z.strictObject({
    minimum: percent.optional().describe('The line\'s minimum'),
    // Keys are checked by the program's decider (422 EMPTY_PRODUCT_NAME): OpenAPI 3.0 cannot say what a key must be.
    products: z.record(z.string(), percent).optional().describe('Minimums of single products of the line, overriding the line\'s; a product\'s name is not empty (422 EMPTY_PRODUCT_NAME)'),
  }),
]);

/** The co-op budget's rules; a partner earns nothing from a rule left out. */
const coop = z.strictObject({
  ratesByTier: z
    .strictObject({ none: percent.optional(), silver: percent.optional(), gold: percent.optional(), platinum: percent.optional() })
    .optional()
    .describe('Percent of won revenue accrued per win, by the partner\'s tier at the win'),
  launchGrant: z
    .union([amount, z.number().min(0).max(1e13).multipleOf(0.01, 'an amount with at most 2 decimals')])
    .transform((value) => (typeof value === 'number' ? (Math.round(value * 100) / 100).toFixed(2) : value))
    .optional()
    .describe('Granted once when a partner registers (a decimal string; a number is kept as one); its wins accrue nothing during its launch phase'),
  launchMonths: z.number().int().min(0).max(120).optional().describe('How many months after its registration a partner is in its launch phase'),
});

/** PUT /program: the next version of the program's rules (the currency stays the ledger's). */
export const publishProgramRulesBody = z.strictObject({
  effectiveFrom: instant.describe('From when this version judges facts; not earlier than the previous version\'s (422 EFFECTIVE_FROM_BEFORE_PREVIOUS)'),
  productLines: z.array(identifier).min(1).max(50).describe('Every product line of the program, flagship included, each once (422 DUPLICATE_PRODUCT_LINE)'),
  flagshipLine: identifier.describe('One of productLines (422 FLAGSHIP_NOT_A_PRODUCT_LINE)'),
  tiers: z.strictObject({ silver: criterion, gold: criterion, platinum: criterion }).describe('What each tier takes: all its criteria met'),
  leadProtectionDays: days('How long a registered lead protects its customer project'),
  leadExtensionDays: days('How much later each extension moves the protection\'s end'),
  maxLeadExtensions: z.number().int().min(0).max(1000).describe('How many times a lead\'s protection may be extended'),
  loyaltyWindowDays: days('A yellow card within this many days before another makes the second a red card'),
  redCardSuspensionDays: days('How long a red card suspends lead registration'),
  atRiskAfterDays: days('A partner with no activity for this long is at risk'),
  coop: coop.default({}).describe('Co-op budget rules: `{ ratesByTier: { none, silver, gold, platinum }, launchGrant, launchMonths }`'),
  minimumMargins: z
    // Keys are product lines of this version, checked by the program's decider (422 UNKNOWN_PRODUCT_LINE).
    .record(z.string(), minimumMargin)
    .default({})
    .describe('The guaranteed minimum margin per product line ("12.5", or `{ minimum, products: { <product>: percent } }`); a key `<line>/<product>` sets one product\'s'),
});
export type PublishProgramRulesBody = z.infer<typeof publishProgramRulesBody>;
/** The HTTP body, for validation and the OpenAPI document. */
export class PublishProgramRulesDto extends createZodDto(publishProgramRulesBody) {}

/** Publishes the next version on the `program` stream: the stream decides its number, so two publishes at once get consecutive versions. */
export const publishProgramRules: StreamCommandDeclaration<PublishProgramRulesCommand, PublishProgramRules, ProgramState, ProgramEvent> = {
  name: 'PublishProgramRules',
  decider: () => programDecider,
  target: ({ command: { body } }) => ({
    streamId: streams.program(),
    command: { type: 'PublishProgramRules', rules: { ...body, coop: body.coop ?? {}, minimumMargins: body.minimumMargins ?? {} } },
    answer: ({ events: [published] }): Record<string, number> => (published ? { version: published.data.version } : {}),
  }),
};

/** Decided at the time received: a version takes effect at its effectiveFrom, so the body has no occurredAt. */
export class PublishProgramRulesCommand extends DeclaredCommand<PublishProgramRulesBody & { occurredAt?: undefined }> {
  readonly declaration = publishProgramRules;
  constructor(body: PublishProgramRulesBody, context: CommandContext) {
    super(body, context);
  }
}
