import { SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'manager', 'operator', 'receptionist'] as const;
export type Role = (typeof ROLES)[number];

export const IS_PUBLIC = 'clinicdesk:public';
export const ROLES_KEY = 'clinicdesk:roles';

/** Anyone may call this route, signed in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call this route (admins always may). Routes with neither decorator are refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Every signed-in staff member. */
export const ALL_STAFF: Role[] = [...ROLES];
