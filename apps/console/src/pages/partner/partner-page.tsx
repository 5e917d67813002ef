import { ApiError } from '../../api/client';
import { day } from '../../format';
import { href } from '../../router';
import type { Access } from '../../session/access';
import { useLoad } from '../../ui/use-load';
import type { PageProps } from '../registry';
import { getPartner } from './partner-api';
import { CoopTab } from './partner-coop';
import { HistoryTab } from './partner-history';
import { LeadsTab } from './partner-leads';
import { ProfileTab } from './partner-profile';
import { ScorecardsTab } from './partner-scorecards';
import { TierBadge } from './tier-badge';
import './partner.css';

/** The partner's sections, each read from its own route; a key sees those its role may read. */
const TABS: { id: string; title: string; shown(access: Access): boolean }[] = [
  { id: 'profile', title: 'Profile', shown: () => true },
  { id: 'leads', title: 'Leads', shown: () => true },
  { id: 'coop', title: 'Co-op', shown: () => true },
  { id: 'scorecards', title: 'Scorecards', shown: (a) => a.scorecards },
  { id: 'history', title: 'History', shown: (a) => a.audit },
];

/**
 * One partner: the heading and the tabs show at once; the profile, and whichever tab is open,
 * load on their own (each with its loading and error state), so the first view needs one read.
 */
export function PartnerPage({ route, access, partnerId }: PageProps & { partnerId: string }) {
  const partner = useLoad((signal) => getPartner(partnerId, signal), [partnerId]);
  if (partner.status === 'failed' && partner.error instanceof ApiError && partner.error.status === 404) return <UnknownPartner partnerId={partnerId} />;
  const tabs = TABS.filter((t) => t.shown(access));
  const tab = tabs.find((t) => t.id === route.query.get('tab')) ?? tabs[0];
  const data = partner.data;
  return (
    <>
      <p class="crumbs">
        <a href={href('partners')}>Partners</a> <span aria-hidden="true">›</span> <code>{partnerId}</code>
      </p>
      <h1>{data?.name ?? partnerId}</h1>
      {data && (
        <p class="headline">
          {data.typology} · {[data.territory.country, data.territory.region].filter(Boolean).join(' · ')} · <TierBadge tier={data.tier} /> · registered {day(data.registeredAt)}
        </p>
      )}
      <nav class="tabs" aria-label="Partner sections">
        {tabs.map((t) => (
          <a key={t.id} href={href(['partners', partnerId], { tab: t.id })} aria-current={t === tab ? 'page' : undefined}>
            {t.title}
          </a>
        ))}
      </nav>
      {tab.id === 'profile' && <ProfileTab partnerId={partnerId} partner={partner} route={route} />}
      {tab.id === 'leads' && <LeadsTab partnerId={partnerId} route={route} />}
      {tab.id === 'coop' && <CoopTab partnerId={partnerId} />}
      {tab.id === 'scorecards' && <ScorecardsTab partnerId={partnerId} route={route} />}
      {tab.id === 'history' && <HistoryTab partnerId={partnerId} route={route} />}
    </>
  );
}

function UnknownPartner({ partnerId }: { partnerId: string }) {
  return (
    <>
      <h1>Partner not found</h1>
      <div class="failure" role="alert">
        <strong>No partner “{partnerId}” is registered in this ledger.</strong>
        <p>Check the id, or find the partner in the list.</p>
        <a href={href('partners')}>All partners</a>
      </div>
    </>
  );
}
