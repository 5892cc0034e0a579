import { applyDecorators, type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AppError } from '../errors/app-error.js';

export interface RateLimitOptions {
  /** Requests allowed per window and client IP; PUBLIC_RATE_LIMIT when unset. */
  limit?: number;
  /** Window length in seconds; PUBLIC_RATE_LIMIT_WINDOW_SEC when unset. */
  windowSec?: number;
}

const RATE_LIMIT = 'clinicdesk:rate-limit';

/**
 * Fixed-window counter per key, in memory. Limits are per application instance: with N instances behind a
 * load balancer a client gets up to N times the limit, which is acceptable for abuse protection of public forms.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  /** Counts one hit; returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string, limit: number, windowSec: number, now = Date.now()): number {
    const windowMs = windowSec * 1000;
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      if (!window && this.windows.size >= this.maxKeys) this.sweep(now, windowMs);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > limit ? Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000)) : 0;
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, window] of this.windows) if (now - window.startedAt >= windowMs) this.windows.delete(key);
    // Still full (a flood of distinct keys): forget the oldest half rather than grow without bound.
    if (this.windows.size >= this.maxKeys) {
      let drop = Math.floor(this.maxKeys / 2);
      for (const key of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(key);
      }
    }
  }
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly counter = new FixedWindowCounter();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const options = this.reflector.getAllAndOverride<RateLimitOptions | undefined>(RATE_LIMIT, [context.getHandler(), context.getClass()]) ?? {};
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const limit = options.limit ?? this.config.publicRateLimit.limit;
    const windowSec = options.windowSec ?? this.config.publicRateLimit.windowSec;
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const retryAfter = this.counter.hit(`${route}|${request.ip}`, limit, windowSec);
    if (retryAfter > 0) {
      throw new AppError(
        'RATE_LIMITED',
        'Too many requests from this address; try again later',
        { retryAfterSec: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
    return true;
  }
}

/** Per-IP limit for a route (usually a @Public() one): 429 RATE_LIMITED with Retry-After when exceeded. */
export const RateLimit = (options: RateLimitOptions = {}) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT, options),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: 'Too many requests from this address; see Retry-After' }),
  );
