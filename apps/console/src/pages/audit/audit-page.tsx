import { withQuery } from '../../router';
import type { PageProps } from '../registry';
import { filtersOf } from './audit-data';
import './audit.css';
import { DigestPanel } from './digest-panel';
import { EventSearchPanel } from './event-search';
import { ConsistencyPanel, InclusionPanel } from './proof-panels';
import { StreamVerificationPanel } from './stream-verification';

/**
 * For auditors: the digest to keep, a stream's chain, proofs to check offline, who did what, and
 * the events as recorded. Every form's values are in the page's address, so a proof or a search
 * can be sent to a colleague (who needs a key of their own).
 */
export function AuditPage({ route }: PageProps) {
  const q = route.query;
  const get = (name: string) => q.get(name)?.trim() || undefined;
  const hrefFor = (values: Record<string, string | undefined>) => withQuery(route, values);
  const go = (values: Record<string, string | undefined>) => {
    location.hash = hrefFor(values);
  };
  return (
    <>
      <h1>Audit</h1>
      <DigestPanel />
      <div class="grid two">
        <StreamVerificationPanel key={get('verify')} streamId={get('verify')} go={(verify) => go({ verify })} />
        <ConsistencyPanel from={get('sizeFrom')} to={get('sizeTo')} go={go} />
      </div>
      <InclusionPanel eventId={get('eventId')} treeSize={get('treeSize')} go={go} />
      <EventSearchPanel filters={filtersOf(q)} cursor={get('cursor')} go={go} hrefFor={hrefFor} />
    </>
  );
}
