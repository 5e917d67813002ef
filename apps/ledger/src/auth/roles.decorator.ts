import { SetMetadata } from '@nestjs/common';
import { Role } from '../config/api-keys';

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/** The route needs a key holding any one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The route is open to anyone (docs, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
