import { SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'manager', 'operator', 'receptionist'] as const;
export type Role = (typeof ROLES)[number];

export const IS_PUBLIC = 'clinicdesk:public';
export const ROLES_KEY = 'clinicdesk:roles';
export const SIGN_IN_STEP = 'clinicdesk:sign-in-step';

/** Anyone may call this route, signed in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call this route (admins always may). Routes with neither decorator are refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * Besides the @Roles() given, the route accepts a request without a bearer token: a step of signing in that the
 * handler authorises with the sign-in challenge in the body.
 */
export const SignInStep = () => SetMetadata(SIGN_IN_STEP, true);

/** Every signed-in staff member. */
export const ALL_STAFF: Role[] = [...ROLES];
