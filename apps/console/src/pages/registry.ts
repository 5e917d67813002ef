import type { FunctionComponent } from 'preact';
import type { Route } from '../router';
import type { Access } from '../session/access';
import { AtRiskPage } from './at-risk/at-risk-page';
import { AuditPage } from './audit/audit-page';
import { ChallengesPage } from './challenges/challenges-page';
import { CoopPage } from './coop/coop-page';
import { MarginsPage } from './margins/margins-page';
import { OverviewPage } from './overview/overview-page';
import { PartnersPage } from './partner/partners-page';
import { ProgramPage } from './program/program-page';
import { ScorecardsPage } from './scorecards/scorecards-page';

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
}

/** Every page of the console, in navigation order. */
export const PAGES: Page[] = [
  { path: 'overview', title: 'Overview', shown: (a) => a.scorecards, component: OverviewPage },
  { path: 'scorecards', title: 'Scorecards', shown: (a) => a.scorecards, component: ScorecardsPage },
  { path: 'partners', title: 'Partners', shown: (a) => a.readModels, component: PartnersPage },
  { path: 'challenges', title: 'Challenges', shown: (a) => a.readModels, component: ChallengesPage },
  { path: 'margins', title: 'Margins', shown: (a) => a.readModels, component: MarginsPage },
  { path: 'coop', title: 'Co-op', shown: (a) => a.readModels, component: CoopPage },
  { path: 'at-risk', title: 'At risk', shown: (a) => a.readModels, component: AtRiskPage },
  { path: 'audit', title: 'Audit', shown: (a) => a.audit, component: AuditPage },
  { path: 'program', title: 'Program', shown: () => true, component: ProgramPage },
];
