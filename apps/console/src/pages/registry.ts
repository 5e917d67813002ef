import type { FunctionComponent } from 'preact';
import type { Route } from '../router';
import type { Access } from '../session/access';
import { AuditPage } from './audit/audit-page';
import { OverviewPage } from './overview/overview-page';

export interface PageProps {
  route: Route;
  access: Access;
}

export interface Page {
  /** First path segment: #/<path>. */
  path: string;
  title: string;
  /** Whether a key with this access sees the page (the API refuses the rest anyway). */
  shown: (access: Access) => boolean;
  component: FunctionComponent<PageProps>;
  /** Not in the navigation (reached by links, e.g. a partner). */
  hidden?: boolean;
}

/** Every page of the console, in navigation order. */
export const PAGES: Page[] = [
  { path: 'overview', title: 'Overview', shown: (a) => a.scorecards, component: OverviewPage },
  { path: 'audit', title: 'Audit', shown: (a) => a.audit, component: AuditPage },
];
