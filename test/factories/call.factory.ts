import { randomBytes } from 'node:crypto';
import { signBody } from '../../src/common/http/webhook-signature.js';
import type { TestApp } from '../setup/test-app.js';
import { publishedDocument } from './consent.factory.js';
import { createSource, type TestSource, webForm } from './intake.factory.js';
import { type SignedIn, worksAt } from './staff.factory.js';

/** A unique Russian mobile number in E.164. */
export function uniquePhone(): string {
  return `+7915${String(randomBytes(4).readUInt32BE(0) % 10_000_000).padStart(7, '0')}`;
}

/** A telephony source created through the admin API; `key` signs its events. */
export function telephonySource(t: TestApp, admin: SignedIn): Promise<TestSource> {
  return createSource(t, admin, 'telephony', 'phone');
}

export interface TelephonyEvent {
  type: 'call_started' | 'call_answered' | 'call_ended';
  callId: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  extension?: string;
  at: string;
  durationSec?: number;
  recordingUrl?: string;
}

/** Posts a PBX event signed as the PBX does (or with `signature` when given). */
export function sendTelephonyEvent(t: TestApp, source: TestSource, event: TelephonyEvent | Record<string, unknown>, signature?: string) {
  const raw = JSON.stringify(event);
  return t
    .http()
    .post(`/api/v1/public/telephony/${source.id}/events`)
    .set('Content-Type', 'application/json')
    .set('X-Signature', signature ?? signBody(raw, source.key))
    .send(raw);
}

/** A web-form lead (consent given) as a clinic website sends it; returns its id. */
export async function webLead(t: TestApp, admin: SignedIn, overrides: Record<string, unknown> = {}): Promise<string> {
  const document = await publishedDocument(t, admin);
  const form = await createSource(t, admin, 'web_form', 'website');
  const res = await t
    .http()
    .post('/api/v1/public/intake/web-form')
    .set('X-Intake-Key', form.key)
    .send(webForm(document.id, { phone: uniquePhone(), name: `Caller ${randomBytes(2).toString('hex')}`, ...overrides }));
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** A lead entered by a manager (consent pending), claimed by `operator`, who works at the lead's branch. */
export async function claimedLead(
  t: TestApp,
  manager: SignedIn,
  operator: SignedIn,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; patientId: string; phone: string }> {
  const res = await t
    .http()
    .post('/api/v1/leads')
    .set('Authorization', manager.auth)
    .send({ name: 'Olga Smirnova', phone: uniquePhone(), channel: 'phone', ...overrides });
  if (res.status !== 201) throw new Error(`lead failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (res.body.branchId) await worksAt(t, res.body.branchId, operator);
  const claim = await t.http().post(`/api/v1/leads/${res.body.id}/claim`).set('Authorization', operator.auth);
  if (claim.status !== 200) throw new Error(`claim failed: ${claim.status} ${JSON.stringify(claim.body)}`);
  return { id: res.body.id, patientId: res.body.patientId, phone: res.body.phone };
}

/** A finished call as an operator records it, `minutesAgo` minutes ago, lasting a minute. */
export function callBody(overrides: Record<string, unknown> = {}, minutesAgo = 2) {
  const startedAt = new Date(Date.now() - minutesAgo * 60_000);
  return {
    direction: 'outbound',
    startedAt: startedAt.toISOString(),
    answeredAt: new Date(startedAt.getTime() + 5_000).toISOString(),
    endedAt: new Date(startedAt.getTime() + 65_000).toISOString(),
    outcome: 'consultation_only',
    ...overrides,
  };
}
