import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Role } from '../../src/common/auth/roles.js';
import type { TestApp } from '../setup/test-app.js';
import { uniquePhone } from './call.factory.js';
import { publishedDocument } from './consent.factory.js';
import { createSource, webForm } from './intake.factory.js';
import { type BookableDoctor, bookableDoctor, futureDate, localInstant } from './schedule.factory.js';
import { type SignedIn, signedIn } from './staff.factory.js';

/** A person with something of every kind on record: a lead, a call with a note, a callback, a visit, a consent. */
export interface Canary {
  /** Strings that must not reach staff who may not see this person. */
  secrets: string[];
  leadId: string;
  patientId: string;
  callId: string;
  callbackId: string;
  appointmentId: string;
  consentId: string;
  /** A message in the person's thread (written by staff), and a rating of their visit. */
  messageId: string;
  feedbackId: string;
}

export type BranchStaff = Record<Exclude<Role, 'admin'>, SignedIn>;

/**
 * Two branches, A and B, with an operator, a receptionist and a manager each; a person with a full record at B
 * (the canary staff of A must never see); a restricted person at A (their values reach nobody but the export); a
 * second person at B (to merge into), a subject request and marketing spend of B.
 */
export interface WalledClinic {
  admin: SignedIn;
  branchA: string;
  branchB: string;
  staffA: BranchStaff;
  staffB: BranchStaff;
  doctorA: BookableDoctor;
  doctorB: BookableDoctor;
  documentId: string;
  atB: Canary;
  restrictedAtA: Canary;
  /** A second inquiry of the restricted person, still waiting in the queue (nobody holds it). */
  restrictedQueueLead: string;
  secondAtB: { leadId: string; patientId: string };
  subjectRequestB: string;
  spendB: string;
  /** Sends a web-form inquiry to branch A or B; returns the lead id. */
  inquire(branch: 'A' | 'B', person: { name: string; phone: string; message?: string }): Promise<string>;
}

export async function walledClinic(t: TestApp): Promise<WalledClinic> {
  const admin = await signedIn(t, 'admin');
  const staffOf = async (): Promise<BranchStaff> => ({
    operator: await signedIn(t, 'operator'),
    receptionist: await signedIn(t, 'receptionist'),
    manager: await signedIn(t, 'manager'),
  });
  const staffA = await staffOf();
  const staffB = await staffOf();
  const doctorA = await bookableDoctor(t, { staff: Object.values(staffA) });
  const doctorB = await bookableDoctor(t, { staff: Object.values(staffB) });
  const document = await publishedDocument(t, admin);
  const sources = {
    A: await createSource(t, admin, 'web_form', 'website', { branchId: doctorA.branchId }),
    B: await createSource(t, admin, 'web_form', 'website', { branchId: doctorB.branchId }),
  };
  const inquire = async (branch: 'A' | 'B', person: { name: string; phone: string; message?: string }) => {
    const res = await t
      .http()
      .post('/api/v1/public/intake/web-form')
      .set('X-Intake-Key', sources[branch].key)
      .send(webForm(document.id, { ...person, email: undefined, utm: undefined }));
    if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const api = async (who: SignedIn, method: 'get' | 'post' | 'patch', path: string, body?: object) => {
    const res = await t.http()[method](`/api/v1${path}`).set('Authorization', who.auth).send(body);
    if (res.status >= 300) throw new Error(`${method.toUpperCase()} ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /** A person's whole record at a branch, made through the API by that branch's staff. */
  const canary = async (branch: 'A' | 'B', staff: BranchStaff, doctor: BookableDoctor): Promise<Canary> => {
    const tag = randomBytes(3).toString('hex');
    const surname = `Canary${branch}${tag}`;
    const phone = uniquePhone();
    const secrets = [
      surname,
      phone,
      phone.slice(1),
      `message-${tag}`,
      `call-note-${tag}`,
      `visit-note-${tag}`,
      `callback-note-${tag}`,
      `thread-text-${tag}`,
      `feedback-note-${tag}`,
    ];
    const leadId = await inquire(branch, { name: `${surname} Varvara`, phone, message: `message-${tag}` });
    const { patientId } = await api(admin, 'get', `/leads/${leadId}`);
    await api(staff.operator, 'post', `/leads/${leadId}/claim`);
    const now = new Date().toISOString();
    const call = await api(staff.operator, 'post', '/calls', {
      leadId,
      phone,
      direction: 'outbound',
      startedAt: now,
      answeredAt: now,
      endedAt: now,
      outcome: 'callback_requested',
      note: `call-note-${tag}`,
      callbackAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await api(staff.operator, 'patch', `/callbacks/${call.callbackId}`, { dueAt: new Date(Date.now() + 7200_000).toISOString(), note: `callback-note-${tag}` });
    const visit = await api(staff.manager, 'post', '/appointments', {
      doctorId: doctor.doctorId,
      serviceId: doctor.serviceId,
      branchId: doctor.branchId,
      leadId,
      note: `visit-note-${tag}`,
      startsAt: localInstant(doctor.timezone, futureDate(doctor.timezone, 3), `${String(9 + Math.floor(Math.random() * 8)).padStart(2, '0')}:00`),
    });
    const [consent] = (await api(admin, 'get', `/patients/${patientId}/consents`)).data;
    const message = await api(staff.manager, 'post', `/patients/${patientId}/messages`, { text: `thread-text-${tag}` });
    const {
      rows: [feedback],
    } = await t.db.query(
      `INSERT INTO feedback (appointment_id, patient_id, doctor_id, branch_id, rating, comment, follow_up) VALUES ($1, $2, $3, $4, 2, $5, 'open') RETURNING id`,
      [visit.id, patientId, doctor.doctorId, doctor.branchId, `feedback-note-${tag}`],
    );
    return {
      secrets,
      leadId,
      patientId,
      callId: call.id,
      callbackId: call.callbackId,
      appointmentId: visit.id,
      consentId: consent.id,
      messageId: message.id,
      feedbackId: feedback.id,
    };
  };

  const atB = await canary('B', staffB, doctorB);
  const restrictedAtA = await canary('A', staffA, doctorA);
  const { name: restrictedName, phone: restrictedPhone } = await api(admin, 'get', `/leads/${restrictedAtA.leadId}`);
  const restrictedQueueLead = await inquire('A', { name: restrictedName, phone: restrictedPhone });
  await api(staffA.manager, 'post', `/patients/${restrictedAtA.patientId}/restrict`, { reason: 'subject_request' });
  const secondLead = await inquire('B', { name: `Second${randomBytes(3).toString('hex')} Person`, phone: uniquePhone() });
  const second = await api(admin, 'get', `/leads/${secondLead}`);
  const request = await api(staffB.manager, 'post', '/subject-requests', { patientId: atB.patientId, type: 'access', receivedAt: new Date().toISOString() });
  const spend = await api(staffB.manager, 'post', '/marketing-spend', {
    channel: 'vk',
    branchId: doctorB.branchId,
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    amount: 100,
    currency: 'RUB',
  });
  return {
    admin,
    branchA: doctorA.branchId,
    branchB: doctorB.branchId,
    staffA,
    staffB,
    doctorA,
    doctorB,
    documentId: document.id,
    atB,
    restrictedAtA,
    restrictedQueueLead,
    secondAtB: { leadId: secondLead, patientId: second.patientId },
    subjectRequestB: request.id,
    spendB: spend.id,
    inquire,
  };
}

/** Makes the callbacks of these leads due now (a time in the past cannot be set through the API). */
export async function makeCallbacksDue(t: TestApp, leadIds: string[]): Promise<void> {
  await t.app.get(DataSource).query(`UPDATE callbacks SET due_at = now() - interval '1 minute', notified_at = NULL WHERE lead_id = ANY($1::uuid[])`, [leadIds]);
}
