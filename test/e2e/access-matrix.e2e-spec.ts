import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AccessGuard } from '../../src/modules/auth/access.guard.js';
import type { Role } from '../../src/common/auth/roles.js';
import { ACCESS } from '../setup/access-matrix.js';
import { ErrorFilter } from '../../src/common/errors/error.filter.js';
import { BearerAuthentication } from '../../src/modules/auth/passport/bearer-authentication.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { listRoutes } from '../setup/routes.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** Routes whose success ends the caller's session: each call gets a session of its own. */
const ENDS_SESSION = new Set(['POST /api/v1/auth/logout']);

const STAFF_ROLES: Role[] = ['operator', 'receptionist', 'manager', 'admin'];

describe('access matrix', () => {
  let t: TestApp;
  const sessions = new Map<Role, SignedIn>();
  beforeAll(async () => {
    t = await startTestApp();
    for (const role of STAFF_ROLES) sessions.set(role, await signedIn(t, role));
  });
  afterAll(async () => t.close());

  it('has an access decision for every registered route, and none for routes that do not exist', () => {
    expect(listRoutes(t.app).map((r) => r.key)).toEqual(Object.keys(ACCESS).sort());
  });

  it('answers every route as the matrix says for anonymous callers and each role', async () => {
    const failures: string[] = [];
    for (const route of listRoutes(t.app)) {
      const access = ACCESS[route.key];
      const path = route.path.replace(/:[A-Za-z]+/g, randomUUID());
      const call = (auth?: string) => {
        const req = t.http()[route.method.toLowerCase() as 'get'](path);
        if (auth) req.set('Authorization', auth);
        return ['GET', 'DELETE'].includes(route.method) ? req : req.send({});
      };
      const response = await call();
      const refusedByGuard = response.status === 401 && /Sign in to continue/.test(response.body?.error?.message ?? '');
      const anonymous = response.status;
      if (access === 'public' && [401, 403].includes(anonymous)) failures.push(`${route.key} anonymous -> ${anonymous}`);
      if (access === 'webhook' && (refusedByGuard || ![400, 401].includes(anonymous))) failures.push(`${route.key} without its secret -> ${anonymous}`);
      if (access === 'sign-in-step' && (refusedByGuard || ![400, 401].includes(anonymous)))
        failures.push(`${route.key} anonymous, no challenge -> ${anonymous}`);
      if (Array.isArray(access) && !refusedByGuard) failures.push(`${route.key} anonymous -> ${anonymous}`);
      if (!Array.isArray(access) && access !== 'sign-in-step') continue;
      for (const role of STAFF_ROLES) {
        const session = ENDS_SESSION.has(route.key) ? await signedIn(t, role) : sessions.get(role)!;
        const status = (await call(session.auth)).status;
        const allowed = role === 'admin' || access === 'sign-in-step' || access!.includes(role);
        if (allowed ? [401, 403].includes(status) : status !== 403)
          failures.push(`${route.key} as ${role} -> ${status} (expected ${allowed ? 'access' : 403})`);
      }
    }
    expect(failures).toEqual([]);
  });
});

@Controller('undecided')
class UndecidedController {
  @Get()
  handle() {
    return { reached: true };
  }
}

describe('deny by default', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [UndecidedController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: BearerAuthentication, useValue: {} },
      ],
    }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new ErrorFilter());
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.close());

  it('refuses a route that declares neither @Public() nor @Roles()', async () => {
    const res = await request(app.getHttpServer()).get('/undecided');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(res.text).not.toContain('reached');
  });
});
