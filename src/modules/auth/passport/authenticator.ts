import passport from 'passport';

/**
 * This application's own passport instance. passport's default export keeps one strategy registry for the whole
 * process, so two applications in one process (the scale-out tests, an admin command next to a server) would verify
 * tokens with whichever registered last; each application gets its own instead, through DI.
 */
export const PASSPORT = Symbol('PASSPORT');

export type Authenticator = passport.Authenticator;

export const passportProvider = { provide: PASSPORT, useFactory: (): Authenticator => new passport.Authenticator() };
