import type { PageProps } from '../registry';
import { ChallengeDetail } from './challenge-detail';
import { ChallengeList } from './challenge-list';

/** #/challenges: the list; #/challenges/<id>: one challenge and its leaderboard. */
export function ChallengesPage({ route }: PageProps) {
  const challengeId = route.segments[1];
  return challengeId ? <ChallengeDetail key={challengeId} route={route} challengeId={challengeId} /> : <ChallengeList route={route} />;
}
