import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, onUnauthenticated } from './api/client';
import { PAGES } from './pages/registry';
import { href, useRoute } from './router';
import { Access, probeAccess } from './session/access';
import { session } from './session/session';
import { SignIn } from './session/sign-in';
import { ProjectionLag } from './ui/projection-lag';
import { Failure, Loading } from './ui/states';

type Phase = { name: 'checking' } | { name: 'sign-in'; problem?: string; busy: boolean } | { name: 'in'; access: Access } | { name: 'failed'; error: unknown };

export function App() {
  const [phase, setPhase] = useState<Phase>({ name: 'checking' });

  const check = useCallback(async (problemIfRefused?: string) => {
    const hadKey = session.key() !== undefined;
    try {
      const access = await probeAccess();
      // No key yet (or none kept): ask for one.
      if (!access.open && access.name === null) setPhase({ name: 'sign-in', busy: false });
      else setPhase({ name: 'in', access });
    } catch (error) {
      if (error instanceof ApiError && error.unauthenticated) {
        session.forget();
        setPhase({ name: 'sign-in', busy: false, problem: hadKey ? problemIfRefused ?? 'That key was refused: check it and try again.' : undefined });
      } else setPhase({ name: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void check();
    return onUnauthenticated(() => {
      session.forget();
      setPhase({ name: 'sign-in', busy: false, problem: 'Your key was refused: it may have expired or been revoked. Enter a valid key.' });
    });
  }, [check]);

  if (phase.name === 'checking') return <Loading label="Connecting to the ledger…" />;
  if (phase.name === 'failed') return (
    <main class="page">
      <Failure error={phase.error} onRetry={() => void check()} />
    </main>
  );
  if (phase.name === 'sign-in') return (
    <SignIn
      problem={phase.problem}
      busy={phase.busy}
      onKey={(key) => {
        session.remember(key);
        setPhase({ name: 'sign-in', busy: true });
        void check('That key was refused: check it and try again.');
      }}
    />
  );
  return <Console access={phase.access} onSignOut={() => { session.forget(); setPhase({ name: 'sign-in', busy: false }); }} />;
}

function Console({ access, onSignOut }: { access: Access; onSignOut(): void }) {
  const route = useRoute();
  const visible = PAGES.filter((p) => p.shown(access));
  const current = visible.find((p) => p.path === route.segments[0]) ?? visible[0];
  const page = PAGES.find((p) => p.path === route.segments[0]);
  useEffect(() => {
    document.title = current ? `${current.title} · Partner Ledger` : 'Partner Ledger';
  }, [current]);
  const Page = current?.component;
  return (
    <>
      <a class="skip" href="#content" onClick={(e) => { e.preventDefault(); document.getElementById('content')?.focus(); }}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href(visible[0]?.path ?? 'program')}>Partner Ledger</a>
        <nav aria-label="Pages">
          <ul>
            {visible.map((p) => (
              <li key={p.path}>
                <a href={href(p.path)} aria-current={p === current ? 'page' : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {access.open ? (
            <span class="open-ledger" role="note" title="No API keys are configured: anyone who can reach this ledger can read and write.">
              Open ledger (no API keys configured)
            </span>
          ) : (
            <>
              <span class="key-name">{access.name} ({access.roles.join(', ')})</span>{' '}
              <button type="button" class="link" onClick={onSignOut}>
                Sign out
              </button>
            </>
          )}
        </div>
      </header>
      <main id="content" tabIndex={-1} class="page">
        {page && !page.shown(access) ? (
          <Failure error={new ApiError(403, 'FORBIDDEN', `this key's role may not see the ${page.title} page`)} />
        ) : Page ? (
          <Page route={route} access={access} />
        ) : (
          <p>This key may send facts but read nothing the console shows.</p>
        )}
      </main>
      <footer class="bottom">{access.readModels && <ProjectionLag />}</footer>
    </>
  );
}
