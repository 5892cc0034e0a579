import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from './roles.js';

/** The signed-in staff member as the JWT strategy found them, checked against the database on every request. */
export interface AuthUser {
  id: string;
  role: Role;
  sessionId: string;
  branchIds: string[];
}

/** Who is acting, and from where: what services need for authorization and the audit trail. */
export interface Actor extends AuthUser {
  requestId: string;
  ip: string;
}

/** Where a public (unauthenticated) request came from. */
export interface RequestMeta {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { user: AuthUser }>();
  return { ...request.user, requestId: request.id, ip: request.ip };
});

/** The signed-in staff member, or undefined on a route that also takes a sign-in challenge (see SignInStep). */
export const OptionalActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
  return request.user ? { ...request.user, requestId: request.id, ip: request.ip } : undefined;
});

export const CurrentRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const userAgent = request.headers['user-agent'];
  return { requestId: request.id, ip: request.ip, userAgent: userAgent?.slice(0, 500) };
});
