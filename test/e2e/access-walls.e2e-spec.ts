import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { CALLBACKS_DUE_JOB } from '../../src/modules/calls/callbacks.service.js';
import type { Role } from '../../src/common/auth/roles.js';
import { type BranchStaff, makeCallbacksDue, type WalledClinic, walledClinic } from '../factories/walls.factory.js';
import type { SignedIn } from '../factories/staff.factory.js';
import { rolesAllowed } from '../setup/access-matrix.js';
import { listRoutes } from '../setup/routes.js';
import { connectSocket, publishEvent, type TestSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** A request on one object: its path (under /api/v1) and a body the route would accept for an object within reach. */
interface ObjectCall {
  path: string;
  body?: object;
}

/**
 * How each route that takes an id is walled: `person` routes reach a person's data (the branch wall and the
 * restriction apply; `atB` gives branch B's object, `restricted` the restricted person's at A); `other` routes
 * reach something that is not about a patient, with the reason. Every route with a path parameter must be here.
 */
type WallDecision =
  | { kind: 'person'; atB: (w: WalledClinic) => ObjectCall; restricted?: (w: WalledClinic) => ObjectCall }
  | { kind: 'branch'; atB: (w: WalledClinic) => ObjectCall }
  | { kind: 'other'; reason: string };

const soon = () => new Date(Date.now() + 3 * 3600_000).toISOString();
const lead = (body?: object, suffix = '') => ({
  kind: 'person' as const,
  atB: (w: WalledClinic) => ({ path: `/leads/${w.atB.leadId}${suffix}`, body }),
  restricted: (w: WalledClinic) => ({ path: `/leads/${w.restrictedAtA.leadId}${suffix}`, body }),
});
const patient = (suffix: string, body?: (w: WalledClinic) => object) => ({
  kind: 'person' as const,
  atB: (w: WalledClinic) => ({ path: `/patients/${w.atB.patientId}${suffix}`, body: body?.(w) }),
  restricted: (w: WalledClinic) => ({ path: `/patients/${w.restrictedAtA.patientId}${suffix}`, body: body?.(w) }),
});
const appointment = (suffix: string, body?: object) => ({
  kind: 'person' as const,
  atB: (w: WalledClinic) => ({ path: `/appointments/${w.atB.appointmentId}${suffix}`, body }),
  restricted: (w: WalledClinic) => ({ path: `/appointments/${w.restrictedAtA.appointmentId}${suffix}`, body }),
});

const message = (suffix: string, body?: object) => ({
  kind: 'person' as const,
  atB: (w: WalledClinic) => ({ path: `/messages/${w.atB.messageId}${suffix}`, body }),
  restricted: (w: WalledClinic) => ({ path: `/messages/${w.restrictedAtA.messageId}${suffix}`, body }),
});

const WALLS: Record<string, WallDecision> = {
  'GET /api/v1/leads/:id/messages': lead(undefined, '/messages'),
  'POST /api/v1/leads/:id/messages': lead({ text: 'walled' }, '/messages'),
  'GET /api/v1/patients/:id/messages': patient('/messages'),
  'POST /api/v1/patients/:id/messages': patient('/messages', () => ({ text: 'walled' })),
  'POST /api/v1/patients/:id/messages/opt-out': patient('/messages/opt-out', () => ({ optedOut: true })),
  'GET /api/v1/messages/:id': message(''),
  'POST /api/v1/messages/:id/reply': message('/reply', { text: 'walled' }),
  'POST /api/v1/messages/:id/retry': message('/retry', {}),
  'POST /api/v1/messages/:id/consent': {
    kind: 'person',
    atB: (w) => ({ path: `/messages/${w.atB.messageId}/consent`, body: { documentId: w.documentId } }),
    restricted: (w) => ({ path: `/messages/${w.restrictedAtA.messageId}/consent`, body: { documentId: w.documentId } }),
  },
  'POST /api/v1/feedback/:id/follow-up': { kind: 'person', atB: (w) => ({ path: `/feedback/${w.atB.feedbackId}/follow-up`, body: { note: 'walled' } }) },
  'GET /api/v1/branches/:id/messaging': { kind: 'branch', atB: (w) => ({ path: `/branches/${w.branchB}/messaging` }) },
  'PUT /api/v1/branches/:id/messaging': { kind: 'other', reason: 'admins only' },
  'DELETE /api/v1/message-templates/:id': { kind: 'other', reason: 'admins only' },
  'PUT /api/v1/recall-rules/:serviceId': { kind: 'other', reason: 'the catalog' },
  'DELETE /api/v1/recall-rules/:serviceId': { kind: 'other', reason: 'the catalog' },
  'POST /api/v1/public/messages/unsubscribe/:token': { kind: 'other', reason: 'a patient’s own link, checked by its secret token' },
  'POST /api/v1/public/messages/sms-ru/:secret': { kind: 'other', reason: 'a webhook, checked by its secret' },
  'GET /api/v1/leads/:id': lead(),
  'PATCH /api/v1/leads/:id': lead({ notes: 'walled' }),
  'POST /api/v1/leads/:id/claim': {
    kind: 'person',
    atB: (w) => ({ path: `/leads/${w.atB.leadId}/claim` }),
    restricted: (w) => ({ path: `/leads/${w.restrictedQueueLead}/claim` }),
  },
  'POST /api/v1/leads/:id/release': lead(undefined, '/release'),
  'POST /api/v1/leads/:id/assign': {
    kind: 'person',
    atB: (w) => ({ path: `/leads/${w.atB.leadId}/assign`, body: { operatorId: w.staffA.operator.id } }),
    restricted: (w) => ({ path: `/leads/${w.restrictedAtA.leadId}/assign`, body: { operatorId: w.staffA.operator.id } }),
  },
  'POST /api/v1/leads/:id/callbacks': lead({ dueAt: soon() }, '/callbacks'),
  'GET /api/v1/patients/:id': patient(''),
  'PATCH /api/v1/patients/:id': patient('', () => ({ notes: 'walled' })),
  'GET /api/v1/patients/:id/consents': patient('/consents'),
  'POST /api/v1/patients/:id/consents': patient('/consents', (w) => ({ documentId: w.documentId, channel: 'phone' })),
  'GET /api/v1/patients/:id/export': patient('/export'),
  'POST /api/v1/patients/:id/restrict': patient('/restrict', () => ({ reason: 'other' })),
  'POST /api/v1/patients/:id/erase': patient('/erase', () => ({ reason: 'other' })),
  'GET /api/v1/patients/:id/duplicates': patient('/duplicates'),
  'POST /api/v1/patients/:id/merge': patient('/merge', (w) => ({ intoPatientId: w.secondAtB.patientId })),
  'POST /api/v1/consents/:id/withdraw': {
    kind: 'person',
    atB: (w) => ({ path: `/consents/${w.atB.consentId}/withdraw`, body: { method: 'phone' } }),
    restricted: (w) => ({ path: `/consents/${w.restrictedAtA.consentId}/withdraw`, body: { method: 'phone' } }),
  },
  'PATCH /api/v1/calls/:id': {
    kind: 'person',
    atB: (w) => ({ path: `/calls/${w.atB.callId}`, body: { outcome: 'no_answer' } }),
    restricted: (w) => ({ path: `/calls/${w.restrictedAtA.callId}`, body: { outcome: 'no_answer' } }),
  },
  'PUT /api/v1/calls/:id/review': {
    kind: 'person',
    atB: (w) => ({ path: `/calls/${w.atB.callId}/review`, body: { met: [true, true, true, true, true] } }),
    restricted: (w) => ({ path: `/calls/${w.restrictedAtA.callId}/review`, body: { met: [true, true, true, true, true] } }),
  },
  'GET /api/v1/calls/:id/review': {
    kind: 'person',
    atB: (w) => ({ path: `/calls/${w.atB.callId}/review` }),
    restricted: (w) => ({ path: `/calls/${w.restrictedAtA.callId}/review` }),
  },
  'GET /api/v1/calls/:id/recording': {
    kind: 'person',
    atB: (w) => ({ path: `/calls/${w.atB.callId}/recording` }),
    restricted: (w) => ({ path: `/calls/${w.restrictedAtA.callId}/recording` }),
  },
  'PATCH /api/v1/callbacks/:id': {
    kind: 'person',
    atB: (w) => ({ path: `/callbacks/${w.atB.callbackId}`, body: { done: true } }),
    restricted: (w) => ({ path: `/callbacks/${w.restrictedAtA.callbackId}`, body: { done: true } }),
  },
  'GET /api/v1/appointments/:id': appointment(''),
  'PATCH /api/v1/appointments/:id': appointment('', { note: 'walled' }),
  'POST /api/v1/appointments/:id/cancel': appointment('/cancel', { reason: 'walled' }),
  'POST /api/v1/appointments/:id/status': appointment('/status', { status: 'confirmed' }),
  'GET /api/v1/subject-requests/:id': { kind: 'person', atB: (w) => ({ path: `/subject-requests/${w.subjectRequestB}` }) },
  'POST /api/v1/subject-requests/:id/extend': {
    kind: 'person',
    atB: (w) => ({ path: `/subject-requests/${w.subjectRequestB}/extend`, body: { reason: 'walled request' } }),
  },
  'POST /api/v1/subject-requests/:id/complete': {
    kind: 'person',
    atB: (w) => ({ path: `/subject-requests/${w.subjectRequestB}/complete`, body: { outcome: 'completed' } }),
  },
  'GET /api/v1/marketing-spend/:id': { kind: 'branch', atB: (w) => ({ path: `/marketing-spend/${w.spendB}` }) },
  'PATCH /api/v1/marketing-spend/:id': { kind: 'branch', atB: (w) => ({ path: `/marketing-spend/${w.spendB}`, body: { amount: 1 } }) },
  'DELETE /api/v1/marketing-spend/:id': { kind: 'branch', atB: (w) => ({ path: `/marketing-spend/${w.spendB}` }) },
  'GET /api/v1/staff/:id': { kind: 'other', reason: 'colleagues, not patients (managers and admins only)' },
  'PATCH /api/v1/staff/:id': { kind: 'other', reason: 'admins only' },
  'POST /api/v1/staff/:id/mfa/reset': { kind: 'other', reason: 'admins only' },
  'GET /api/v1/branches/:id': { kind: 'other', reason: 'the clinic’s public branch details' },
  'PATCH /api/v1/branches/:id': { kind: 'other', reason: 'admins only' },
  'GET /api/v1/consent-documents/:id': { kind: 'other', reason: 'the clinic’s published texts' },
  'PATCH /api/v1/consent-documents/:id': { kind: 'other', reason: 'admins only' },
  'POST /api/v1/consent-documents/:id/publish': { kind: 'other', reason: 'admins only' },
  'PUT /api/v1/non-working-days/:day': { kind: 'other', reason: 'the legal calendar (admins only)' },
  'DELETE /api/v1/non-working-days/:day': { kind: 'other', reason: 'the legal calendar (admins only)' },
  'PATCH /api/v1/specialties/:id': { kind: 'other', reason: 'the catalog' },
  'GET /api/v1/services/:id': { kind: 'other', reason: 'the catalog' },
  'PATCH /api/v1/services/:id': { kind: 'other', reason: 'the catalog' },
  'GET /api/v1/doctors/:id': { kind: 'other', reason: 'doctors’ public profiles' },
  'PATCH /api/v1/doctors/:id': { kind: 'other', reason: 'doctors’ public profiles' },
  'PUT /api/v1/doctors/:id/services': { kind: 'other', reason: 'the catalog' },
  'GET /api/v1/doctors/:id/working-hours': { kind: 'other', reason: 'staff schedules' },
  'PUT /api/v1/doctors/:id/working-hours': { kind: 'other', reason: 'staff schedules' },
  'GET /api/v1/doctors/:id/schedule-exceptions': { kind: 'other', reason: 'staff schedules' },
  'POST /api/v1/doctors/:id/schedule-exceptions': { kind: 'other', reason: 'staff schedules' },
  'DELETE /api/v1/doctors/:id/schedule-exceptions/:exceptionId': { kind: 'other', reason: 'staff schedules' },
  'GET /api/v1/intake-sources/:id': { kind: 'other', reason: 'admins only' },
  'PATCH /api/v1/intake-sources/:id': { kind: 'other', reason: 'admins only' },
  'POST /api/v1/intake-sources/:id/rotate-key': { kind: 'other', reason: 'admins only' },
  'POST /api/v1/intake-sources/:id/test': { kind: 'other', reason: 'admins only' },
  'POST /api/v1/public/intake/tilda/:key': { kind: 'other', reason: 'a webhook, checked by its secret' },
  'POST /api/v1/public/intake/vk/:sourceId': { kind: 'other', reason: 'a webhook, checked by its secret' },
  'POST /api/v1/public/intake/telegram/:sourceId': { kind: 'other', reason: 'a webhook, checked by its secret' },
  'POST /api/v1/public/telephony/:sourceId/events': { kind: 'other', reason: 'a webhook, checked by its signature' },
};

/**
 * What a scan of every GET route asks, as branch-A staff (queries that would find the canaries if a wall were
 * missing). Every GET route must be here; an empty list calls the bare path.
 */
const SCAN: Record<string, (w: WalledClinic) => string[]> = {
  'GET /api/v1/leads/:id/messages': (w) => [w.atB.leadId, w.restrictedAtA.leadId].map((id) => `/${id}/messages`),
  'GET /api/v1/patients/:id/messages': (w) => [w.atB.patientId, w.restrictedAtA.patientId].map((id) => `/${id}/messages`),
  'GET /api/v1/messages': () => ['', '?limit=200', '?direction=out', '?status=queued', '?unlinked=true'],
  'GET /api/v1/messages/:id': (w) => [w.atB.messageId, w.restrictedAtA.messageId].map((id) => `/${id}`),
  'GET /api/v1/branches/:id/messaging': (w) => [`/${w.branchB}/messaging`],
  'GET /api/v1/message-templates': () => [''],
  'GET /api/v1/recall-rules': () => [''],
  'GET /api/v1/feedback': (w) => ['', '?followUp=open', `?doctorId=${w.doctorB.doctorId}`],
  'GET /api/v1/analytics/messaging': () => ['?from=2026-01-01&to=2027-12-31'],
  'GET /api/v1/leads': (w) => [
    '',
    '?limit=200',
    ...w.atB.secrets.slice(0, 2).map((s) => `?q=${encodeURIComponent(s)}`),
    `?patientId=${w.atB.patientId}`,
    ...w.restrictedAtA.secrets.slice(0, 2).map((s) => `?q=${encodeURIComponent(s)}`),
    `?patientId=${w.restrictedAtA.patientId}`,
  ],
  'GET /api/v1/leads/:id': (w) => [w.atB.leadId, w.restrictedAtA.leadId].map((id) => `/${id}`),
  'GET /api/v1/patients': (w) => [
    '',
    `?q=${w.atB.secrets[0]}`,
    `?phone=${encodeURIComponent(w.atB.secrets[1]!)}`,
    `?q=${w.restrictedAtA.secrets[0]}`,
    `?phone=${encodeURIComponent(w.restrictedAtA.secrets[1]!)}`,
  ],
  'GET /api/v1/patients/:id': (w) => [w.atB.patientId, w.restrictedAtA.patientId].map((id) => `/${id}`),
  'GET /api/v1/patients/:id/consents': (w) => [w.atB.patientId, w.restrictedAtA.patientId].map((id) => `/${id}/consents`),
  'GET /api/v1/patients/:id/export': (w) => [`/${w.atB.patientId}/export`],
  'GET /api/v1/patients/:id/duplicates': (w) => [w.atB.patientId, w.restrictedAtA.patientId].map((id) => `/${id}/duplicates`),
  'GET /api/v1/calls': (w) => ['', `?lead=${w.atB.leadId}`, `?patient=${w.atB.patientId}`, `?lead=${w.restrictedAtA.leadId}`],
  'GET /api/v1/calls/:id/review': (w) => [w.atB.callId, w.restrictedAtA.callId].map((id) => `/${id}/review`),
  'GET /api/v1/calls/:id/recording': (w) => [w.atB.callId, w.restrictedAtA.callId].map((id) => `/${id}/recording`),
  'GET /api/v1/callbacks': (w) => ['', '?due=open', `?lead=${w.atB.leadId}`, `?lead=${w.restrictedAtA.leadId}`],
  'GET /api/v1/me/queue': () => [''],
  'GET /api/v1/appointments': (w) => ['', `?patientId=${w.atB.patientId}`, `?patientId=${w.restrictedAtA.patientId}`, `?doctorId=${w.doctorB.doctorId}`],
  'GET /api/v1/appointments/:id': (w) => [w.atB.appointmentId, w.restrictedAtA.appointmentId].map((id) => `/${id}`),
  'GET /api/v1/subject-requests': (w) => ['', `?patientId=${w.atB.patientId}`],
  'GET /api/v1/subject-requests/:id': (w) => [`/${w.subjectRequestB}`],
  'GET /api/v1/analytics/funnel': () => ['?from=2026-01-01&to=2027-12-31', '?from=2026-01-01&to=2027-12-31&format=csv'],
  'GET /api/v1/analytics/operators': () => ['?from=2026-01-01&to=2027-12-31'],
  'GET /api/v1/analytics/doctors': () => ['?from=2026-01-01&to=2027-12-31'],
  'GET /api/v1/analytics/repeat-visits': () => ['?from=2026-01-01&to=2027-12-31'],
  'GET /api/v1/analytics/sla': () => ['?from=2026-01-01&to=2027-12-31', '?from=2026-01-01&to=2027-12-31&format=csv&part=breaches'],
  'GET /api/v1/marketing-spend': () => [''],
  'GET /api/v1/marketing-spend/:id': (w) => [`/${w.spendB}`],
  'GET /api/v1/health': () => [''],
  'GET /api/v1/audit-events': () => [''],
  'GET /api/v1/floor': () => [''],
  'GET /api/v1/auth/me': () => [''],
  'GET /api/v1/auth/mfa': () => [''],
  'GET /api/v1/staff': () => [''],
  'GET /api/v1/staff/:id': (w) => [`/${w.staffB.operator.id}`],
  'GET /api/v1/branches': () => [''],
  'GET /api/v1/branches/:id': (w) => [`/${w.branchB}`],
  'GET /api/v1/consent-documents': () => [''],
  'GET /api/v1/consent-documents/:id': (w) => [`/${w.documentId}`],
  'GET /api/v1/public/consent-documents/current': () => ['?kind=personal_data'],
  'GET /api/v1/non-working-days': () => ['?year=2026'],
  'GET /api/v1/specialties': () => [''],
  'GET /api/v1/services': () => [''],
  'GET /api/v1/services/:id': (w) => [`/${w.doctorB.serviceId}`],
  'GET /api/v1/doctors': () => [''],
  'GET /api/v1/doctors/:id': (w) => [`/${w.doctorB.doctorId}`],
  'GET /api/v1/doctors/:id/working-hours': (w) => [`/${w.doctorB.doctorId}/working-hours`],
  'GET /api/v1/doctors/:id/schedule-exceptions': (w) => [`/${w.doctorB.doctorId}/schedule-exceptions`],
  'GET /api/v1/settings': () => [''],
  'GET /api/v1/intake-sources': () => [''],
  'GET /api/v1/intake-sources/:id': () => [],
  'GET /api/v1/availability': (w) => [`?serviceId=${w.doctorB.serviceId}`],
  'GET /api/v1/working-time': (w) => [
    `?branchId=${w.branchA}&date=${new Date().toISOString().slice(0, 10)}`,
    `?branchId=${w.branchB}&date=${new Date().toISOString().slice(0, 10)}`,
  ],
  'GET /api/v1/me/presence': () => [''],
  'GET /api/v1/public/availability': (w) => [`?serviceId=${w.doctorB.serviceId}`],
  'GET /api/v1/public/doctors': () => [''],
  'GET /api/v1/public/services': () => [''],
  'GET /api/v1/public/branches': () => [''],
  'GET /api/v1/public/consents/withdrawal': () => [`?token=${'z'.repeat(43)}`],
};

const BRANCH_ROLES: Exclude<Role, 'admin'>[] = ['operator', 'receptionist', 'manager'];

describe('walls between branches and around restricted people', () => {
  let t: TestApp;
  let w: WalledClinic;
  const call = (who: SignedIn, method: string, { path, body }: ObjectCall) => {
    const req = t.http()[method.toLowerCase() as 'get'](`/api/v1${path}`).set('Authorization', who.auth);
    return ['GET', 'DELETE'].includes(method) ? req : req.send(body ?? {});
  };
  const staffOf = (staff: BranchStaff, role: Exclude<Role, 'admin'>) => staff[role];

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    w = await walledClinic(t);
  });
  afterAll(async () => t.close());

  it('has a wall decision for every route that takes an id, and a scan for every GET route', () => {
    const routes = listRoutes(t.app).map((r) => r.key);
    expect(routes.filter((key) => key.includes('/:')).sort()).toEqual(Object.keys(WALLS).sort());
    expect(routes.filter((key) => key.startsWith('GET ')).sort()).toEqual(Object.keys(SCAN).sort());
  });

  it('finds the canaries for their own branch, so the scans below can fail', async () => {
    const own = await call(w.staffB.operator, 'GET', { path: `/leads?q=${encodeURIComponent(w.atB.secrets[1]!)}` });
    expect(own.text).toContain(w.atB.secrets[0]);
    expect((await call(w.staffB.receptionist, 'GET', { path: `/appointments/${w.atB.appointmentId}` })).text).toContain(w.atB.secrets[0]);
    expect((await call(w.staffB.operator, 'GET', { path: `/calls?lead=${w.atB.leadId}` })).text).toContain(w.atB.secrets[4]);
    expect((await call(w.staffB.operator, 'GET', { path: `/patients/${w.atB.patientId}/messages` })).text).toContain(w.atB.secrets[7]);
    expect((await call(w.staffB.manager, 'GET', { path: '/feedback' })).text).toContain(w.atB.secrets[8]);
    expect((await call(w.admin, 'GET', { path: `/patients/${w.restrictedAtA.patientId}/export` })).text).toContain(w.restrictedAtA.secrets[0]);
    // The restricted person's second inquiry waits in the queue, unclaimed.
    expect((await call(w.admin, 'GET', { path: `/leads/${w.restrictedQueueLead}` })).body).toMatchObject({
      patientId: w.restrictedAtA.patientId,
      status: 'new',
      restricted: true,
    });
  });

  it('shows no branch-B canary and no restricted person’s values on any GET route, to any role of branch A', async () => {
    const leaks: string[] = [];
    const who: SignedIn[] = [...BRANCH_ROLES.map((r) => w.staffA[r]), w.admin];
    for (const route of listRoutes(t.app).filter((r) => r.method === 'GET')) {
      // The path up to its first parameter; the scan's suffixes carry the ids and whatever follows them.
      const base = route.path.replace(/^\/api\/v1/, '').replace(/\/:.*$/, '');
      for (const suffix of SCAN[route.key]!(w)) {
        const path = `${base}${suffix}`;
        for (const member of who) {
          const res = await call(member, 'GET', { path });
          // Admins reach every branch; nobody sees a restricted person's values outside the export.
          const secrets = member === w.admin ? (route.key.endsWith('/export') ? [] : w.restrictedAtA.secrets) : [...w.atB.secrets, ...w.restrictedAtA.secrets];
          for (const secret of secrets) if (res.text.includes(secret)) leaks.push(`${path} as ${member.role} shows ${secret}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  describe('sockets', () => {
    const secretsIn = (socket: TestSocket, secrets: string[]) => secrets.filter((s) => socket.events.some((e) => JSON.stringify(e).includes(s)));
    let fenceOf: (sockets: Map<SignedIn, TestSocket>) => Promise<void>;
    beforeAll(() => {
      fenceOf = async (sockets) => {
        const fence = await publishEvent(t, 'lead.updated', { users: [...sockets.keys()].map((s) => s.id) }, { fence: true });
        await Promise.all([...sockets.values()].map((s) => s.waitForId(fence)));
      };
    });

    it('carries branch-B events and restricted people’s values to nobody of branch A, live and replayed', async () => {
      const watchers = [...BRANCH_ROLES.map((r) => w.staffA[r]), w.admin, w.staffB.operator];
      const live = new Map<SignedIn, TestSocket>();
      for (const member of watchers) live.set(member, await connectSocket(t.baseUrl, { token: member.accessToken }));
      const before = (await t.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM events`)).rows[0].id as string;

      // Life at branch B: a new inquiry, claimed, called back, booked; a callback comes due.
      const phone = `+7916${String(Date.now() % 10_000_000).padStart(7, '0')}`;
      const canary = [`Livecanary${Date.now().toString(36)}`, phone];
      const leadId = await w.inquire('B', { name: `${canary[0]} Pavel`, phone });
      expect((await call(w.staffB.operator, 'POST', { path: `/leads/${leadId}/claim` })).status).toBe(200);
      expect((await call(w.staffB.operator, 'POST', { path: `/leads/${leadId}/callbacks`, body: { dueAt: soon() } })).status).toBe(201);
      await makeCallbacksDue(t, [leadId, w.restrictedAtA.leadId]);
      await t.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB);
      // Changes about the restricted person at A.
      expect((await call(w.staffA.manager, 'PATCH', { path: `/leads/${w.restrictedAtA.leadId}`, body: { notes: 'checked by a manager' } })).status).toBe(200);
      expect(
        (await call(w.staffA.manager, 'PATCH', { path: `/appointments/${w.restrictedAtA.appointmentId}`, body: { note: 'moved by a manager' } })).status,
      ).toBe(200);
      await fenceOf(live);

      const bSecrets = [...canary, ...w.atB.secrets];
      expect(secretsIn(live.get(w.admin)!, canary)).toEqual(canary);
      expect(secretsIn(live.get(w.staffB.operator)!, canary)).toEqual(canary);
      for (const role of BRANCH_ROLES)
        expect({ role, leaked: secretsIn(live.get(w.staffA[role])!, [...bSecrets, ...w.restrictedAtA.secrets]) }).toEqual({ role, leaked: [] });
      expect(secretsIn(live.get(w.admin)!, w.restrictedAtA.secrets)).toEqual([]);
      // The restricted person's lead reached managers (without values), not the operator who held it.
      expect(live.get(w.staffA.manager)!.events.some((e) => e.data?.leadId === w.restrictedAtA.leadId)).toBe(true);
      expect(
        live.get(w.staffA.operator)!.events.some((e) => e.data?.leadId === w.restrictedAtA.leadId || e.data?.patientId === w.restrictedAtA.patientId),
      ).toBe(false);
      for (const socket of live.values()) socket.close();

      const replayed = new Map<SignedIn, TestSocket>();
      for (const member of watchers) replayed.set(member, await connectSocket(t.baseUrl, { token: member.accessToken, lastEventId: before }));
      await fenceOf(replayed);
      expect(secretsIn(replayed.get(w.admin)!, canary)).toEqual(canary);
      for (const role of BRANCH_ROLES)
        expect({ role, leaked: secretsIn(replayed.get(w.staffA[role])!, [...bSecrets, ...w.restrictedAtA.secrets]) }).toEqual({ role, leaked: [] });
      for (const socket of replayed.values()) socket.close();
    });
  });

  // Last: if a wall were missing, these calls would change or erase the canaries the scans above look for.
  it('answers 404 to branch-A staff for every branch-B object, on every route that takes one', async () => {
    const failures: string[] = [];
    for (const route of listRoutes(t.app)) {
      const decision = WALLS[route.key];
      if (decision?.kind !== 'person' && decision?.kind !== 'branch') continue;
      for (const role of BRANCH_ROLES.filter((r) => rolesAllowed(route.key).includes(r))) {
        const res = await call(staffOf(w.staffA, role), route.method, decision.atB(w));
        if (res.status !== 404 || res.body.error?.code !== 'NOT_FOUND')
          failures.push(`${route.key} as ${role} of A -> ${res.status} ${res.body.error?.code ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a restricted person to operators and receptionists on every route about them', async () => {
    const failures: string[] = [];
    for (const route of listRoutes(t.app)) {
      const decision = WALLS[route.key];
      if (decision?.kind !== 'person' || !decision.restricted) continue;
      for (const role of (['operator', 'receptionist'] as const).filter((r) => rolesAllowed(route.key).includes(r))) {
        const res = await call(staffOf(w.staffA, role), route.method, decision.restricted(w));
        if (![403, 404].includes(res.status)) failures.push(`${route.key} as ${role} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
