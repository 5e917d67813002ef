import { Fragment } from 'preact';
import { money } from '../../format';
import { Column, Table } from '../../ui/table';
import type { ProgramRules } from './program-data';
import { CRITERIA, RULES } from './rule-names';

const TIER_NAMES = ['silver', 'gold', 'platinum'] as const;
type CriterionName = keyof ProgramRules['tiers']['silver'];
const CRITERION_NAMES = Object.keys(CRITERIA) as CriterionName[];
/** The tier table's headers: its caption says they count certified engineers. */
const CRITERION_COLUMNS: Record<CriterionName, string> = { flagshipEngineers: 'On the flagship line', otherLineEngineers: 'On another line', engineersCertifiedOnEveryLine: 'On every line' };
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** A version of the program's rules laid out by subject: tiers, leads, loyalty, co-op, margins. */
export function ProgramRulesView({ rules }: { rules: ProgramRules }) {
  return (
    <div class="grid two program-rules">
      <section class="panel wide" aria-labelledby="rules-tiers">
        <h3 id="rules-tiers">Tiers</h3>
        <TierTable rules={rules} />
        <p class="help">A tier is held when all its requirements are met; a partner has the highest tier it holds.</p>
      </section>
      <section class="panel" aria-labelledby="rules-lines">
        <h3 id="rules-lines">Product lines</h3>
        <ul class="lines">
          {rules.productLines.map((line) => (
            <li key={line}>
              {line}
              {line === rules.flagshipLine && <span class="badge"> flagship</span>}
            </li>
          ))}
        </ul>
        <dl class="facts">
          <dt>{RULES.currency}</dt>
          <dd>{rules.currency}</dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="rules-leads">
        <h3 id="rules-leads">Lead protection</h3>
        <dl class="facts">
          <dt>A registered lead protects its project for</dt>
          <dd data-rule="leadProtectionDays">{days(rules.leadProtectionDays)}</dd>
          <dt>Each extension adds</dt>
          <dd>{days(rules.leadExtensionDays)}</dd>
          <dt>Extensions allowed per lead</dt>
          <dd>{rules.maxLeadExtensions}</dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="rules-loyalty">
        <h3 id="rules-loyalty">Loyalty and activity</h3>
        <dl class="facts">
          <dt>A second yellow card is red within</dt>
          <dd>{days(rules.loyaltyWindowDays)}</dd>
          <dt>A red card suspends lead registration for</dt>
          <dd>{days(rules.redCardSuspensionDays)}</dd>
          <dt>A partner is at risk after no activity for</dt>
          <dd>{days(rules.atRiskAfterDays)}</dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="rules-coop">
        <h3 id="rules-coop">Co-op budget</h3>
        <CoopRules rules={rules} />
      </section>
      <section class="panel" aria-labelledby="rules-margins">
        <h3 id="rules-margins">Guaranteed minimum margins</h3>
        <MarginRules rules={rules} />
      </section>
    </div>
  );
}

function TierTable({ rules }: { rules: ProgramRules }) {
  type Row = { tier: (typeof TIER_NAMES)[number] };
  const columns: Column<Row>[] = [
    { key: 'tier', label: 'Tier', cell: (r) => <span class={`badge tier-${r.tier}`}>{capital(r.tier)}</span> },
    ...CRITERION_NAMES.map((name): Column<Row> => ({ key: name, label: CRITERION_COLUMNS[name], numeric: true, cell: (r) => rules.tiers[r.tier][name] ?? '—' })),
  ];
  return <Table caption="Certified engineers each tier takes, at least" columns={columns} rows={TIER_NAMES.map((tier) => ({ tier }))} rowKey={(r) => r.tier} />;
}

/** The co-op rules are free-form in the API (`{ ratesByTier, launchGrant, launchMonths }` today): known ones laid out, others listed. */
function CoopRules({ rules }: { rules: ProgramRules }) {
  const { ratesByTier, launchGrant, launchMonths, ...others } = rules.coop as { ratesByTier?: Record<string, unknown>; launchGrant?: unknown; launchMonths?: unknown } & Record<string, unknown>;
  if (Object.keys(rules.coop).length === 0) return <p>No co-op budget in this version.</p>;
  const rates = Object.entries(ratesByTier ?? {});
  return (
    <>
      {rates.length > 0 && (
        <Table
          caption="Share of won revenue accrued to the partner's budget"
          columns={[
            { key: 'tier', label: 'Tier at the win', cell: ([tier]) => <span class={`badge tier-${tier}`}>{capital(tier)}</span> },
            { key: 'rate', label: 'Rate', numeric: true, cell: ([, rate]) => `${String(rate)}%` },
          ]}
          rows={rates}
          rowKey={([tier]) => tier}
        />
      )}
      <dl class="facts">
        {launchGrant !== undefined && (
          <>
            <dt>Launch grant, when a partner registers</dt>
            <dd>{money(String(launchGrant), rules.currency)}</dd>
          </>
        )}
        {launchMonths !== undefined && (
          <>
            <dt>Launch phase (no accrual)</dt>
            <dd>{String(launchMonths)} months</dd>
          </>
        )}
        {Object.entries(others).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{JSON.stringify(value)}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

function MarginRules({ rules }: { rules: ProgramRules }) {
  const lines = Object.entries(rules.minimumMargins);
  if (lines.length === 0) return <p>No guaranteed minimum margin in this version.</p>;
  type Row = (typeof lines)[number];
  const minimumOf = ([, margin]: Row) => (typeof margin === 'string' ? margin : margin.minimum);
  const productsOf = ([, margin]: Row) => (typeof margin === 'string' ? [] : Object.entries(margin.products ?? {}));
  return (
    <Table
      caption="Minimum margin per product line, and per product where it differs"
      columns={[
        { key: 'line', label: 'Product line', cell: ([line]) => line },
        { key: 'minimum', label: 'Minimum', numeric: true, cell: (row) => (minimumOf(row) === undefined ? '—' : `${minimumOf(row)}%`) },
        { key: 'products', label: 'Per product', cell: (row) => productsOf(row).map(([product, minimum]) => `${product}: ${minimum}%`).join(', ') || '—' },
      ]}
      rows={lines}
      rowKey={([line]) => line}
    />
  );
}
