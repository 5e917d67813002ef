import { useEffect, useState } from 'preact/hooks';
import { count, day, money } from '../../format';
import { href, withQuery } from '../../router';
import { Pager } from '../../ui/pager';
import { Loaded } from '../../ui/states';
import { Column, Table } from '../../ui/table';
import { useLoad } from '../../ui/use-load';
import type { PageProps } from '../registry';
import { listPartners, oneOf, PartnerListItem, TIERS, TYPOLOGIES } from './partner-api';
import { Choice } from './choice';
import { TierBadge } from './tier-badge';
import './partner.css';

const COUNTRY = /^[A-Z]{2}$/;

const columns: Column<PartnerListItem>[] = [
  { key: 'name', label: 'Partner', cell: (p) => <a href={href(['partners', p.partnerId])}>{p.name}</a> },
  { key: 'partnerId', label: 'Id', cell: (p) => <code>{p.partnerId}</code> },
  { key: 'typology', label: 'Typology', cell: (p) => p.typology },
  { key: 'country', label: 'Territory', cell: (p) => [p.territory.country, p.territory.region].filter(Boolean).join(' · ') },
  { key: 'tier', label: 'Tier', cell: (p) => <TierBadge tier={p.tier} /> },
  { key: 'registeredAt', label: 'Registered', cell: (p) => day(p.registeredAt) },
  { key: 'leads', label: 'Leads', numeric: true, cell: (p) => count(p.counters.leadsRegistered) },
  { key: 'deals', label: 'Deals won', numeric: true, cell: (p) => count(p.counters.dealsWon) },
  { key: 'revenue', label: 'Revenue won, net', numeric: true, cell: (p) => money(p.counters.netRevenue, p.currency) },
  { key: 'lastActivity', label: 'Last activity', cell: (p) => day(p.lastActivityAt) },
];

/** Every partner, filtered by typology, tier and country, a page at a time; each links to its page. */
export function PartnerListPage({ route }: PageProps) {
  const typology = oneOf(TYPOLOGIES, route.query.get('typology'));
  const tier = oneOf(TIERS, route.query.get('tier'));
  const asked = route.query.get('country') ?? '';
  const country = COUNTRY.test(asked) ? asked : undefined;
  const cursor = route.query.get('cursor') ?? undefined;
  const load = useLoad((signal) => listPartners({ typology, tier, country }, cursor, signal), [typology, tier, country, cursor]);
  // A filter starts again from the first page.
  const filter = (changes: Record<string, string | undefined>) => (location.hash = withQuery(route, { ...changes, cursor: undefined }));
  const filtered = [typology, tier, country].filter(Boolean).join(', ');
  return (
    <>
      <h1>Partners</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <Choice label="Typology" value={typology} options={TYPOLOGIES} any="All typologies" onChoose={(v) => filter({ typology: v })} />
        <Choice label="Tier" value={tier} options={TIERS} any="All tiers" onChoose={(v) => filter({ tier: v })} />
        <CountryFilter value={asked} onApply={(value) => filter({ country: value || undefined })} />
      </form>
      <Loaded load={load} label="Reading the partners…">
        {(page) => (
          <>
            <Table caption={filtered ? `Partners (${filtered})` : 'Partners'} columns={columns} rows={page.items} rowKey={(p) => p.partnerId} />
            <Pager cursor={cursor} nextCursor={page.nextCursor} count={page.items.length} hrefFor={(c) => withQuery(route, { cursor: c })} />
          </>
        )}
      </Loaded>
    </>
  );
}

/** A country code (two capital letters) applied when it is complete; anything else is said to be wrong, not sent. */
function CountryFilter({ value, onApply }: { value: string; onApply(value: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const code = text.trim().toUpperCase();
  const valid = code === '' || COUNTRY.test(code);
  return (
    <label>
      Country
      <input
        type="text"
        value={text}
        size={4}
        maxLength={2}
        placeholder="DE"
        autoComplete="off"
        title="ISO country code, two letters"
        aria-invalid={valid ? undefined : 'true'}
        aria-describedby={valid ? undefined : 'country-problem'}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onChange={() => valid && onApply(code)}
      />
      {!valid && <span id="country-problem" class="error" role="alert">Two letters, e.g. DE</span>}
    </label>
  );
}
