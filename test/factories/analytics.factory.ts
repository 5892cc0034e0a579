import { DataSource } from 'typeorm';
import { LeadsService } from '../../src/modules/leads/leads.service.js';
import type { LeadChannel } from '../../src/modules/leads/lead-lifecycle.js';
import type { TestApp } from '../setup/test-app.js';
import { type BookableDoctor, bookableDoctor, futureDate, localInstant } from './schedule.factory.js';
import { type SignedIn, worksAt } from './staff.factory.js';

let phoneSeq = 0;
const MINUTE = 60_000;

export interface PastLead {
  id: string;
  patientId: string;
}

/**
 * A lead received through the real intake path, then moved into the past: arrival at `createdAt`, a 5-minute
 * first-contact deadline, first contact `contactAfterSec` later (none when undefined) and the operator handling it.
 */
export async function pastLead(
  t: TestApp,
  options: {
    channel: LeadChannel;
    branchId: string | null;
    createdAt: string;
    contactAfterSec?: number;
    operatorId?: string;
    campaign?: string;
    sourceId?: string;
    patientId?: string;
  },
): Promise<PastLead> {
  const phone = `+7917${String(1_000_000 + ++phoneSeq)
    .slice(1)
    .padStart(7, '0')}`;
  const { leadId } = await t.app.get(DataSource).transaction((em) =>
    t.app.get(LeadsService).receive(em, {
      channel: options.channel,
      branchId: options.branchId,
      sourceId: options.sourceId ?? null,
      patientId: options.patientId,
      contact: { name: `Analytics Person ${phoneSeq}`, phone },
      utm: { campaign: options.campaign },
      consentStatus: 'given',
    }),
  );
  const created = new Date(options.createdAt);
  const contact = options.contactAfterSec === undefined ? null : new Date(created.getTime() + options.contactAfterSec * 1000);
  const { rows } = await t.db.query(
    `UPDATE leads SET created_at = $2, sla_due_at = $3, first_contact_at = $4, assigned_operator_id = $5 WHERE id = $1 RETURNING patient_id`,
    [leadId, created, new Date(created.getTime() + 5 * MINUTE), contact, options.operatorId ?? null],
  );
  return { id: leadId, patientId: rows[0].patient_id };
}

export type PastStatus = 'scheduled' | 'arrived' | 'completed' | 'no_show' | 'cancelled';

/**
 * An appointment booked through the API by `bookedBy` (the booking API takes future times only), then moved to
 * `startsAt` in the past with its booking time `bookedAt`, and taken to `status` through the API by `reception`; both
 * work at the doctor's branch (and the booker at the lead's).
 */
export async function pastVisit(
  t: TestApp,
  staff: { bookedBy: SignedIn; reception: SignedIn },
  doctor: BookableDoctor,
  options: { patientId: string; leadId?: string; startsAt: string; status: PastStatus; bookedAt?: string },
): Promise<string> {
  await worksAt(t, doctor.branchId, staff.bookedBy, staff.reception);
  const leadBranch = options.leadId ? (await t.db.query(`SELECT branch_id FROM leads WHERE id = $1`, [options.leadId])).rows[0]?.branch_id : null;
  if (leadBranch) await worksAt(t, leadBranch, staff.bookedBy);
  const slot = localInstant(doctor.timezone, futureDate(doctor.timezone, 3), '10:00');
  const booked = await t.http().post('/api/v1/appointments').set('Authorization', staff.bookedBy.auth).send({
    doctorId: doctor.doctorId,
    serviceId: doctor.serviceId,
    branchId: doctor.branchId,
    startsAt: slot,
    patientId: options.patientId,
    leadId: options.leadId,
  });
  if (booked.status !== 201) throw new Error(`booking failed: ${booked.status} ${JSON.stringify(booked.body)}`);
  const id = booked.body.id as string;
  const startsAt = new Date(options.startsAt);
  const bookedAt = options.bookedAt ? new Date(options.bookedAt) : new Date(startsAt.getTime() - 24 * 60 * MINUTE);
  await t.db.query(`UPDATE appointments SET starts_at = $2, ends_at = $2::timestamptz + (ends_at - starts_at), created_at = $3 WHERE id = $1`, [
    id,
    startsAt,
    bookedAt,
  ]);
  const status = (s: string) => t.http().post(`/api/v1/appointments/${id}/status`).set('Authorization', staff.reception.auth).send({ status: s });
  const steps: Record<PastStatus, string[]> = { scheduled: [], arrived: ['arrived'], completed: ['arrived', 'completed'], no_show: ['no_show'], cancelled: [] };
  for (const step of steps[options.status]) {
    const res = await status(step);
    if (res.status !== 200) throw new Error(`status ${step} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (options.status === 'cancelled') {
    const res = await t.http().post(`/api/v1/appointments/${id}/cancel`).set('Authorization', staff.reception.auth).send({ reason: 'changed plans' });
    if (res.status !== 200) throw new Error(`cancel failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return id;
}

/** Parses a CSV answer (RFC 4180, optional BOM) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface MarchClinic {
  moscow: BookableDoctor;
  yekaterinburg: BookableDoctor;
  o1: SignedIn;
  o2: SignedIn;
  reception: SignedIn;
  vkSourceId: string;
  leads: Record<'l1' | 'l2' | 'l3' | 'l4' | 'l5' | 'l6' | 'l7' | 'l8', PastLead>;
}

/**
 * A small clinic whose March 2025 figures are worked out by hand in the analytics tests: a Moscow branch (UTC+3)
 * and a Yekaterinburg one (UTC+5), two operators, eight leads (two just outside March in their own zone) and
 * their visits. Times are UTC; comments give the local time.
 */
export async function marchClinic(
  t: TestApp,
  staff: { o1: SignedIn; o2: SignedIn; reception: SignedIn; managers?: SignedIn[] },
  vkSourceId: string,
): Promise<MarchClinic> {
  const { o1, o2, reception } = staff;
  // The managers oversee both branches.
  const moscow = await bookableDoctor(t, { timezone: 'Europe/Moscow', price: 2000, staff: staff.managers });
  const yekaterinburg = await bookableDoctor(t, { timezone: 'Asia/Yekaterinburg', price: 2000, staff: staff.managers });
  const M = moscow.branchId;
  const Y = yekaterinburg.branchId;
  const leads = {
    l1: await pastLead(t, {
      channel: 'vk',
      branchId: M,
      createdAt: '2025-03-05T07:00:00Z',
      contactAfterSec: 120,
      operatorId: o1.id,
      campaign: 'spring',
      sourceId: vkSourceId,
    }), // 10:00
    l2: await pastLead(t, {
      channel: 'vk',
      branchId: M,
      createdAt: '2025-03-10T09:00:00Z',
      contactAfterSec: 600,
      operatorId: o1.id,
      campaign: 'spring',
      sourceId: vkSourceId,
    }), // 12:00
    l3: await pastLead(t, { channel: 'vk', branchId: M, createdAt: '2025-03-31T20:30:00Z' }), // 23:30 on March 31: in
    l4: await pastLead(t, { channel: 'vk', branchId: M, createdAt: '2025-03-31T21:30:00Z', contactAfterSec: 60, operatorId: o1.id }), // 00:30 on April 1: out
    l5: await pastLead(t, { channel: 'website', branchId: Y, createdAt: '2025-02-28T19:30:00Z', contactAfterSec: 240, operatorId: o2.id }), // 00:30 on March 1 (+05): in
    l6: await pastLead(t, { channel: 'website', branchId: Y, createdAt: '2025-02-28T18:30:00Z', contactAfterSec: 60, operatorId: o2.id }), // 23:30 on February 28 (+05): out
    l7: await pastLead(t, { channel: 'phone', branchId: M, createdAt: '2025-03-20T12:00:00Z', contactAfterSec: 30, operatorId: o2.id }), // 15:00
    l8: await pastLead(t, { channel: 'telegram', branchId: Y, createdAt: '2025-03-15T04:00:00Z', contactAfterSec: 360 }), // 09:00 (+05)
  };
  const visit = (bookedBy: SignedIn, doctor: BookableDoctor, options: Parameters<typeof pastVisit>[3]) =>
    pastVisit(t, { bookedBy, reception }, doctor, options);
  const { l1, l2, l5, l7, l8 } = leads;
  await visit(o1, moscow, { patientId: l1.patientId, leadId: l1.id, startsAt: '2025-03-08T07:00:00Z', status: 'completed', bookedAt: '2025-03-05T07:05:00Z' });
  await visit(reception, moscow, { patientId: l1.patientId, startsAt: '2025-04-20T07:00:00Z', status: 'completed', bookedAt: '2025-04-01T07:00:00Z' });
  await visit(o1, moscow, { patientId: l2.patientId, leadId: l2.id, startsAt: '2025-03-12T08:00:00Z', status: 'no_show', bookedAt: '2025-03-10T09:15:00Z' });
  await visit(o2, moscow, { patientId: l5.patientId, leadId: l5.id, startsAt: '2025-03-03T07:00:00Z', status: 'completed', bookedAt: '2025-03-01T00:00:00Z' });
  await visit(reception, moscow, { patientId: l5.patientId, startsAt: '2025-12-01T07:00:00Z', status: 'completed', bookedAt: '2025-11-01T07:00:00Z' });
  await visit(o2, moscow, { patientId: l7.patientId, leadId: l7.id, startsAt: '2025-03-21T09:00:00Z', status: 'cancelled', bookedAt: '2025-03-20T12:05:00Z' });
  await visit(o2, moscow, { patientId: l7.patientId, leadId: l7.id, startsAt: '2025-03-22T09:00:00Z', status: 'arrived', bookedAt: '2025-03-21T10:00:00Z' });
  await visit(reception, moscow, { patientId: l7.patientId, startsAt: '2025-03-25T09:00:00Z', status: 'completed', bookedAt: '2025-03-22T10:00:00Z' });
  await visit(o1, yekaterinburg, {
    patientId: l8.patientId,
    leadId: l8.id,
    startsAt: '2025-03-16T05:00:00Z',
    status: 'completed',
    bookedAt: '2025-03-15T04:10:00Z',
  });
  await visit(reception, yekaterinburg, { patientId: l8.patientId, startsAt: '2025-03-30T05:00:00Z', status: 'completed', bookedAt: '2025-03-16T06:00:00Z' });
  return { moscow, yekaterinburg, o1, o2, reception, vkSourceId, leads };
}
