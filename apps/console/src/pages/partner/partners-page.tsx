import type { PageProps } from '../registry';
import { PartnerListPage } from './partner-list';
import { PartnerPage } from './partner-page';

/** #/partners lists the partners; #/partners/<partnerId> is one partner's page (reached from the list). */
export function PartnersPage(props: PageProps) {
  const partnerId = props.route.segments[1];
  return partnerId ? <PartnerPage key={partnerId} {...props} partnerId={partnerId} /> : <PartnerListPage {...props} />;
}
