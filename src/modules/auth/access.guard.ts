import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { BearerAuthentication } from './passport/bearer-authentication.js';
import { AppError } from '../../common/errors/app-error.js';
import type { AuthUser } from '../../common/auth/actor.js';
import { IS_PUBLIC, ROLES_KEY, type Role, SIGN_IN_STEP } from '../../common/auth/roles.js';

const unauthenticated = () => new AppError('UNAUTHENTICATED', 'Sign in to continue: the access token is missing, expired or revoked');

/**
 * Global guard, deny by default: a route is reachable only if it is marked @Public() or lists its @Roles().
 * The bearer token is verified through this application's passport `jwt` strategy (pinned algorithm, issuer and
 * audience, an expiry, and a live session of an active person); admins pass every role check.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthentication,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // sockets authenticate in their handshake
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule; refused`);
      throw new AppError('FORBIDDEN', 'This endpoint is not open to anyone');
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    // A step of signing in (two-factor enrolment) may be authorised by its sign-in challenge instead; the handler checks it.
    if (!request.headers.authorization && this.reflector.getAllAndOverride<boolean>(SIGN_IN_STEP, targets)) return true;
    const user = await this.bearer.fromHeaders(request.headers);
    if (!user) throw unauthenticated();
    request.user = user;
    if (user.role !== 'admin' && !roles.includes(user.role)) throw new AppError('FORBIDDEN', 'Your role does not allow this');
    return true;
  }
}
