import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '../errors/app-error.js';
import type { AuthUser } from './actor.js';
import { IS_PUBLIC, ROLES_KEY, type Role } from './roles.js';

/**
 * Global guard, deny by default: a route is reachable only if it is marked @Public() or lists its @Roles().
 * Authentication is the passport JWT strategy; admins pass every role check.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // sockets authenticate in their handshake
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule; refused`);
      throw new AppError(403, 'FORBIDDEN', 'This endpoint is not open to anyone');
    }
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (user.role !== 'admin' && !roles.includes(user.role)) {
      throw new AppError(403, 'FORBIDDEN', 'Your role does not allow this');
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error; // the session lookup failed (database down): not the caller's fault
    if (!user) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in to continue: the access token is missing, expired or revoked');
    return user;
  }
}
