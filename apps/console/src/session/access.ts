import { answer, ledger } from '../api/client';

type Role = 'publisher' | 'analyst' | 'auditor' | 'admin';

/**
 * What the key in use may read, from the ledger's own answer (GET /auth/key: the key's name and
 * roles). Pages a key may not read are not shown; the API would refuse them anyway.
 */
export interface Access {
  /** No API keys are configured (development): every page, and the console says so. */
  open: boolean;
  name: string | null;
  roles: Role[];
  /** Scorecards and their roll-ups (analyst). */
  scorecards: boolean;
  /** Partners, tiers, margins, co-op, challenges, at risk, projections (analyst, auditor, admin). */
  readModels: boolean;
  /** The audit routes and partners' histories (auditor, admin). */
  audit: boolean;
  /** Approving co-op claims and the other admin commands. */
  admin: boolean;
}

export function accessOf(open: boolean, name: string | null, roles: Role[]): Access {
  const any = (...wanted: Role[]) => wanted.some((r) => roles.includes(r));
  return {
    open,
    name,
    roles,
    scorecards: any('analyst'),
    readModels: any('analyst', 'auditor', 'admin'),
    audit: any('auditor', 'admin'),
    admin: any('admin'),
  };
}

/** Throws ApiError 401 for a refused key, or when the ledger cannot be reached. */
export async function probeAccess(): Promise<Access> {
  const key = await answer(ledger.GET('/auth/key', {}));
  return accessOf(key.open, key.name, key.roles);
}
