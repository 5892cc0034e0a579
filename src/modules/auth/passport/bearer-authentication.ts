import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthUser } from '../../../common/auth/actor.js';
import { type Authenticator, PASSPORT } from './authenticator.js';

/**
 * Who is behind a bearer token, as this application's passport `jwt` strategy decides. The HTTP guard and the socket
 * handshake both ask here, so both verify the same way. A token that fails verification gives null; a database
 * failure while checking the session is thrown (the client gets 503, not 401).
 */
@Injectable()
export class BearerAuthentication {
  constructor(@Inject(PASSPORT) private readonly passport: Authenticator) {}

  /** Only the headers are handed to passport: it decorates the object it gets, and the framework's request stays as it is. */
  fromHeaders(headers: IncomingHttpHeaders): Promise<AuthUser | null> {
    const request = { headers: { authorization: headers.authorization } };
    return new Promise((resolve, reject) => {
      const done = (error: unknown, user?: AuthUser | false) => (error ? reject(error) : resolve(user || null));
      this.passport.authenticate('jwt', { session: false }, done)(request, {}, (error: unknown) =>
        done(error ?? new Error('passport ended without a decision')),
      );
    });
  }

  fromToken(token: string): Promise<AuthUser | null> {
    return this.fromHeaders({ authorization: `Bearer ${token}` });
  }
}
