import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AccessGuard } from '../../src/common/auth/access.guard.js';
import type { Role } from '../../src/common/auth/roles.js';
import { ErrorFilter } from '../../src/common/errors/error.filter.js';
import { AuthService } from '../../src/modules/auth/auth.service.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { listRoutes } from '../setup/routes.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** public: anyone; webhook: anyone past the guard, but the endpoint itself demands its source's secret. */
type Access = 'public' | 'webhook' | Role[];

/**
 * Who may call each route. Every registered route must appear here: a new route without an access
 * decision fails this test. Admins may call every staff route.
 */
const ACCESS: Record<string, Access> = {
  'GET /api/v1/health': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/logout': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/auth/me': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/staff': ['manager'],
  'GET /api/v1/staff/:id': ['manager'],
  'POST /api/v1/staff': [],
  'PATCH /api/v1/staff/:id': [],
  'GET /api/v1/branches': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/branches/:id': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/branches': [],
  'PATCH /api/v1/branches/:id': [],
  'GET /api/v1/patients': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/patients/:id': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/patients': ['operator', 'receptionist', 'manager'],
  'PATCH /api/v1/patients/:id': ['operator', 'receptionist', 'manager'],
  'PUT /api/v1/me/presence': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/me/presence': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/patients/:id/consents': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/patients/:id/consents': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/consents/:id/withdraw': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/patients/:id/export': ['manager'],
  'POST /api/v1/patients/:id/restrict': ['manager'],
  'POST /api/v1/patients/:id/erase': ['manager'],
  'GET /api/v1/consent-documents': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/consent-documents/:id': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/consent-documents': [],
  'PATCH /api/v1/consent-documents/:id': [],
  'POST /api/v1/consent-documents/:id/publish': [],
  'GET /api/v1/public/consent-documents/current': 'public',
  'POST /api/v1/public/consents/withdraw': 'public',
  'GET /api/v1/subject-requests': ['manager'],
  'GET /api/v1/subject-requests/:id': ['manager'],
  'POST /api/v1/subject-requests': ['manager'],
  'POST /api/v1/subject-requests/:id/extend': ['manager'],
  'POST /api/v1/subject-requests/:id/complete': ['manager'],
  'GET /api/v1/non-working-days': ['manager'],
  'PUT /api/v1/non-working-days/:day': [],
  'DELETE /api/v1/non-working-days/:day': [],
  'GET /api/v1/specialties': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/specialties': ['manager'],
  'PATCH /api/v1/specialties/:id': ['manager'],
  'GET /api/v1/services': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/services/:id': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/services': ['manager'],
  'PATCH /api/v1/services/:id': ['manager'],
  'GET /api/v1/doctors': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/doctors/:id': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/doctors': ['manager'],
  'PATCH /api/v1/doctors/:id': ['manager'],
  'PUT /api/v1/doctors/:id/services': ['manager'],
  'GET /api/v1/settings': ['manager'],
  'PATCH /api/v1/settings': [],
  'GET /api/v1/intake-sources': [],
  'GET /api/v1/intake-sources/:id': [],
  'POST /api/v1/intake-sources': [],
  'PATCH /api/v1/intake-sources/:id': [],
  'POST /api/v1/intake-sources/:id/rotate-key': [],
  'POST /api/v1/public/intake/web-form': 'webhook',
  'POST /api/v1/public/appointments': 'webhook',
  'GET /api/v1/public/availability': 'public',
  'POST /api/v1/public/intake/tilda/:key': 'webhook',
  'POST /api/v1/public/intake/vk/:sourceId': 'webhook',
  'POST /api/v1/public/intake/telegram/:sourceId': 'webhook',
  'GET /api/v1/leads': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/leads/:id': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/leads': ['operator', 'receptionist', 'manager'],
  'PATCH /api/v1/leads/:id': ['operator', 'manager'],
  'POST /api/v1/leads/:id/claim': ['operator'],
  'POST /api/v1/leads/:id/release': ['operator', 'manager'],
  'POST /api/v1/leads/:id/assign': ['manager'],
  'GET /api/v1/patients/:id/duplicates': ['receptionist', 'manager'],
  'POST /api/v1/patients/:id/merge': ['manager'],
  'GET /api/v1/public/doctors': 'public',
  'GET /api/v1/public/services': 'public',
  'GET /api/v1/doctors/:id/working-hours': ['operator', 'receptionist', 'manager'],
  'PUT /api/v1/doctors/:id/working-hours': ['manager'],
  'GET /api/v1/doctors/:id/schedule-exceptions': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/doctors/:id/schedule-exceptions': ['receptionist', 'manager'],
  'DELETE /api/v1/doctors/:id/schedule-exceptions/:exceptionId': ['receptionist', 'manager'],
  'GET /api/v1/availability': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/working-time': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/appointments': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/appointments/:id': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/appointments': ['operator', 'receptionist', 'manager'],
  'PATCH /api/v1/appointments/:id': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/appointments/:id/cancel': ['operator', 'receptionist', 'manager'],
  'POST /api/v1/appointments/:id/status': ['operator', 'receptionist', 'manager'],
  'GET /api/v1/analytics/funnel': ['manager'],
  'GET /api/v1/analytics/operators': ['manager'],
  'GET /api/v1/analytics/doctors': ['manager'],
  'GET /api/v1/analytics/repeat-visits': ['manager'],
  'GET /api/v1/analytics/sla': ['manager'],
  'GET /api/v1/marketing-spend': ['manager'],
  'GET /api/v1/marketing-spend/:id': ['manager'],
  'POST /api/v1/marketing-spend': ['manager'],
  'PATCH /api/v1/marketing-spend/:id': ['manager'],
  'DELETE /api/v1/marketing-spend/:id': ['manager'],
  'POST /api/v1/calls': ['operator', 'manager'],
  'GET /api/v1/calls': ['operator', 'manager'],
  'PATCH /api/v1/calls/:id': ['operator', 'manager'],
  'POST /api/v1/leads/:id/callbacks': ['operator', 'manager'],
  'GET /api/v1/callbacks': ['operator', 'manager'],
  'PATCH /api/v1/callbacks/:id': ['operator', 'manager'],
  'GET /api/v1/me/queue': ['operator'],
  'POST /api/v1/public/telephony/:sourceId/events': 'webhook',
};

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
      if (Array.isArray(access) && !refusedByGuard) failures.push(`${route.key} anonymous -> ${anonymous}`);
      if (!Array.isArray(access)) continue;
      for (const role of STAFF_ROLES) {
        const session = ENDS_SESSION.has(route.key) ? await signedIn(t, role) : sessions.get(role)!;
        const status = (await call(session.auth)).status;
        const allowed = role === 'admin' || access!.includes(role);
        if (allowed ? [401, 403].includes(status) : status !== 403) failures.push(`${route.key} as ${role} -> ${status} (expected ${allowed ? 'access' : 403})`);
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
    const module = await Test.createTestingModule({ controllers: [UndecidedController], providers: [{ provide: APP_GUARD, useClass: AccessGuard }, { provide: AuthService, useValue: {} }] }).compile();
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
