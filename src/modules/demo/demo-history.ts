import { randomUUID } from 'node:crypto';
import { DAY_MS, isoWeekday, localDayOf, localToUtc, MINUTE_MS } from '../../common/time/zoned-time.js';
import type { OpeningHours } from '../branches/branch.entity.js';
import { firstContactDueAt } from '../leads/first-contact-sla.js';
import type { LeadChannel, LeadStatus } from '../leads/lead-lifecycle.js';
import { demoName, type DemoName } from './demo-names.js';
import { CALL_NOTES, CHANNEL_PLAN, type ChannelPlan, HOURLY, LOST_REASONS, REQUESTS, USER_AGENTS, WEEKDAY } from './demo-plan.js';
import { DemoVisits, type DemoVisitWorld } from './demo-visits.js';

export interface DemoBranch {
  id: string;
  key: 'center' | 'east';
  timezone: string;
  callCenterHours: OpeningHours[];
}

/** How an operator works: minutes of open call-center time to the first contact (median), and how often they book. */
export interface DemoOperator {
  id: string;
  branchIds: string[];
  contactMedianMin: number;
  bookingRate: number;
  callbacksKept: number;
}

export interface DemoWorld extends DemoVisitWorld {
  now: Date;
  days: number;
  branches: DemoBranch[];
  operators: DemoOperator[];
  sources: Array<{ id: string; kind: ChannelPlan['source']; channel: LeadChannel; branchId: string | null }>;
  personalDocumentId: string;
  marketingDocumentId: string;
  firstContactSlaMinutes: number;
}

export interface DemoPatient extends DemoName {
  id: string;
  phone: string;
  email: string | null;
  createdAt: Date;
}

export interface DemoLead {
  id: string;
  patientId: string;
  sourceId: string | null;
  branchId: string | null;
  channel: LeadChannel;
  utmSource: string | null;
  utmCampaign: string | null;
  message: string | null;
  status: LeadStatus;
  assignedOperatorId: string | null;
  claimedAt: Date | null;
  firstContactAt: Date | null;
  slaDueAt: Date;
  slaBreached: boolean;
  lostReason: string | null;
  consentStatus: 'given' | 'pending';
  returningPatient: boolean;
  createdAt: Date;
}

export interface DemoCall {
  id: string;
  leadId: string;
  patientId: string;
  operatorId: string;
  phone: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  outcome: string;
  note: string | null;
}

export interface DemoCallback {
  leadId: string;
  patientId: string;
  operatorId: string;
  callId: string;
  dueAt: Date;
  doneAt: Date | null;
  note: string;
  createdAt: Date;
}

export interface DemoConsent {
  id: string;
  documentId: string;
  patientId: string;
  leadId: string;
  channel: 'web_form' | 'phone' | 'messenger';
  grantedAt: Date;
  operatorId: string | null;
  callId: string | null;
  userAgent: string | null;
  formUrl: string | null;
}

export interface DemoHistory {
  patients: DemoPatient[];
  leads: DemoLead[];
  calls: DemoCall[];
  callbacks: DemoCallback[];
  consents: DemoConsent[];
  visits: DemoVisits;
}

const MIN = MINUTE_MS;

/** A year of the demo clinic's life, computed in memory from a seed: the same seed gives the same clinic. */
export function demoHistory(world: DemoWorld, seed = 20261205): DemoHistory {
  const rng = new Random(seed);
  const history: DemoHistory = { patients: [], leads: [], calls: [], callbacks: [], consents: [], visits: new DemoVisits(world, rng) };
  const now = world.now.getTime();
  const zone = world.branches[0]!.timezone;
  const today = localDayOf(zone, now);
  for (let day = today - world.days; day <= today; day++) {
    const month = new Date(day * DAY_MS).getUTCMonth() + 1;
    // Growth over the year, a seasonal swing and the weekly rhythm.
    const progress = (day - today + world.days) / world.days;
    const volume = 9.5 * (0.8 + 0.4 * progress) * (1 + 0.18 * Math.cos(((month - 10) / 12) * 2 * Math.PI)) * WEEKDAY[isoWeekday(day)]!;
    const count = Math.max(0, Math.round(volume + rng.normal() * 2));
    for (let i = 0; i < count; i++) {
      const plan = rng.weighted(CHANNEL_PLAN, (p) => p.weight(month));
      const branch = pickBranch(world, plan, rng);
      const tz = branch?.timezone ?? zone;
      const localMinute = rng.weightedIndex(HOURLY) * 60 + rng.int(60);
      const createdAt = localToUtc(tz, day * DAY_MS + localMinute * MIN).utcMs;
      if (createdAt > now - 2 * MIN) continue;
      inquiry(world, history, rng, plan, branch, new Date(createdAt));
    }
  }
  history.visits.repeatVisits();
  return history;
}

function pickBranch(world: DemoWorld, plan: ChannelPlan, rng: Random): DemoBranch | null {
  if (plan.branch) return world.branches.find((b) => b.key === plan.branch) ?? null;
  const roll = rng.next();
  // A few website inquiries come through the clinic-wide form (no branch) until someone books them.
  if (plan.source === 'web_form' && roll < 0.08) return null;
  return roll < 0.68 ? world.branches[0]! : (world.branches[1] ?? world.branches[0]!);
}

function inquiry(world: DemoWorld, history: DemoHistory, rng: Random, plan: ChannelPlan, branch: DemoBranch | null, createdAt: Date): void {
  const now = world.now.getTime();
  const hours = (branch ?? world.branches[0]!).callCenterHours;
  const tz = (branch ?? world.branches[0]!).timezone;
  const returning = history.patients.length > 50 && rng.next() < 0.14;
  const patient = returning ? rng.pick(history.patients) : newPatient(history, rng, createdAt, plan);
  const request = rng.weighted(REQUESTS, (r) =>
    r.specialty === 'dentistry' && plan.campaign === 'yandex-implants' ? 20 : r.specialty === 'therapy' ? 3 : 1.5,
  );
  const source =
    world.sources.find((s) => s.kind === plan.source && s.channel === plan.channel && (s.branchId === (branch?.id ?? null) || s.branchId === null)) ??
    world.sources.find((s) => s.kind === plan.source && s.branchId === null) ??
    null;
  const servers = world.operators.filter((o) => !branch || o.branchIds.includes(branch.id));
  const operator = rng.pick(servers.length ? servers : world.operators);
  const webForm = plan.source === 'web_form' || plan.source === 'tilda';
  const lead: DemoLead = {
    id: randomUUID(),
    patientId: patient.id,
    sourceId: plan.source === 'manual' ? null : (source?.id ?? null),
    branchId: branch?.id ?? null,
    channel: plan.channel,
    utmSource: plan.utmSource ?? null,
    utmCampaign: plan.campaign,
    message: plan.source === 'telephony' ? null : rng.pick(request.messages),
    status: 'new',
    assignedOperatorId: null,
    claimedAt: null,
    firstContactAt: null,
    slaDueAt: firstContactDueAt(createdAt, world.firstContactSlaMinutes, hours, tz),
    slaBreached: false,
    lostReason: null,
    consentStatus: webForm ? 'given' : 'pending',
    returningPatient: returning,
    createdAt,
  };
  history.leads.push(lead);
  if (webForm) {
    history.consents.push({
      id: randomUUID(),
      documentId: world.personalDocumentId,
      patientId: patient.id,
      leadId: lead.id,
      channel: 'web_form',
      grantedAt: createdAt,
      operatorId: null,
      callId: null,
      userAgent: rng.pick(USER_AGENTS),
      formUrl: `https://clinic.example/${plan.campaign ?? 'zapis'}`,
    });
    if (rng.next() < 0.28)
      history.consents.push({ ...history.consents[history.consents.length - 1]!, id: randomUUID(), documentId: world.marketingDocumentId });
  }
  // The newest inquiries are still waiting in the queue (past their first-contact deadline, if it has come).
  if (now - createdAt.getTime() < 25 * MIN && rng.next() < 0.7) {
    lead.slaBreached = now > lead.slaDueAt.getTime();
    return;
  }
  lead.status = 'assigned';
  lead.assignedOperatorId = operator.id;
  lead.claimedAt = new Date(createdAt.getTime() + rng.int(3) * MIN);
  // Minutes of open call-center time to the first answered call (log-normal around the operator's median).
  const contactAt = firstContactDueAt(createdAt, Math.max(0.3, operator.contactMedianMin * Math.exp(rng.normal() * 0.9)), hours, tz);
  lead.slaBreached = Math.min(contactAt.getTime(), now) > lead.slaDueAt.getTime();
  if (contactAt.getTime() > now) return;
  if (rng.next() < 0.07) {
    lead.slaBreached = now > lead.slaDueAt.getTime();
    // Never reached: two unanswered attempts, then given up.
    for (const after of [0, 26 * 60]) call(history, lead, patient, operator, new Date(contactAt.getTime() + after * MIN), false, 'no_answer', null);
    lead.status = 'lost';
    lead.lostReason = 'не дозвонились';
    return;
  }
  lead.firstContactAt = contactAt;
  if ((plan.channel === 'vk' || plan.channel === 'telegram') && rng.next() < 0.06) {
    call(history, lead, patient, operator, contactAt, true, 'wrong_number', 'Спам / не клиника');
    lead.status = 'junk';
    return;
  }
  const consent = webForm ? undefined : recordVerbalConsent(world, history, lead, operator, plan, contactAt);
  const firstCall = (outcome: string, note: string | null) => {
    const id = call(history, lead, patient, operator, contactAt, true, outcome, note);
    if (consent) consent.callId = id;
    return id;
  };
  const roll = rng.next();
  const bookingChance = Math.min(0.85, operator.bookingRate * plan.quality * (returning ? 1.3 : 1));
  if (roll < bookingChance) {
    firstCall('booked', rng.pick(CALL_NOTES.booked));
    if (!history.visits.bookFromLead(lead, request.specialty, operator.id)) decline(lead, rng);
    return;
  }
  if (roll < bookingChance + 0.18) {
    // A callback asked for: kept (a second call) or, if still ahead, open on the operator's list.
    const asked = firstCall('callback_requested', rng.pick(CALL_NOTES.callback));
    const dueAt = new Date(contactAt.getTime() + (3 + rng.int(40)) * 60 * MIN);
    const kept = dueAt.getTime() < now && rng.next() < operator.callbacksKept;
    // Good operators call back on time; others drift late.
    const doneAt = kept ? new Date(dueAt.getTime() + rng.int(Math.round(8 + 60 * (1 - operator.callbacksKept))) * MIN) : null;
    history.callbacks.push({
      leadId: lead.id,
      patientId: patient.id,
      operatorId: operator.id,
      callId: asked,
      dueAt,
      doneAt,
      note: rng.pick(CALL_NOTES.callback),
      createdAt: contactAt,
    });
    lead.status = 'in_progress';
    if (!kept) {
      // Missed callbacks of months ago were closed as lost since.
      if (dueAt.getTime() < now - 14 * DAY_MS) decline(lead, rng);
      return;
    }
    if (rng.next() < 0.5) {
      call(history, lead, patient, operator, doneAt!, true, 'booked', rng.pick(CALL_NOTES.booked));
      if (history.visits.bookFromLead(lead, request.specialty, operator.id)) return;
    } else {
      call(history, lead, patient, operator, doneAt!, true, 'declined', rng.pick(CALL_NOTES.declined));
    }
    decline(lead, rng);
    return;
  }
  firstCall(
    roll < bookingChance + 0.28 ? 'consultation_only' : 'declined',
    rng.pick(roll < bookingChance + 0.28 ? CALL_NOTES.consultation : CALL_NOTES.declined),
  );
  decline(lead, rng);
}

function newPatient(history: DemoHistory, rng: Random, createdAt: Date, plan: ChannelPlan): DemoPatient {
  const name = demoName((n) => rng.int(n));
  const n = history.patients.length;
  const patient: DemoPatient = {
    id: randomUUID(),
    ...name,
    phone: `+79${String(160_000_000 + ((n * 7_919_333) % 839_999_999)).padStart(9, '0')}`,
    email: plan.source === 'web_form' && rng.next() < 0.5 ? `patient${n + 1}@mail.example` : null,
    createdAt,
  };
  history.patients.push(patient);
  return patient;
}

function call(
  history: DemoHistory,
  lead: DemoLead,
  patient: DemoPatient,
  operator: DemoOperator,
  at: Date,
  answered: boolean,
  outcome: string,
  note: string | null,
): string {
  const id = randomUUID();
  const ring = 8 + (history.calls.length % 20);
  const talk = answered ? 60 + ((history.calls.length * 37) % 360) : 0;
  const startedAt = new Date(at.getTime() - ring * 1000);
  history.calls.push({
    id,
    leadId: lead.id,
    patientId: patient.id,
    operatorId: operator.id,
    phone: patient.phone,
    startedAt,
    answeredAt: answered ? at : null,
    endedAt: new Date(at.getTime() + talk * 1000),
    outcome,
    note,
  });
  return id;
}

/** Consent given by phone or in the messenger conversation, with the call as evidence. */
function recordVerbalConsent(world: DemoWorld, history: DemoHistory, lead: DemoLead, operator: DemoOperator, plan: ChannelPlan, at: Date): DemoConsent {
  const messenger = plan.channel === 'vk' || plan.channel === 'telegram';
  const consent: DemoConsent = {
    id: randomUUID(),
    documentId: world.personalDocumentId,
    patientId: lead.patientId,
    leadId: lead.id,
    channel: messenger ? 'messenger' : 'phone',
    grantedAt: at,
    operatorId: operator.id,
    callId: null,
    userAgent: null,
    formUrl: null,
  };
  history.consents.push(consent);
  lead.consentStatus = 'given';
  return consent;
}

function decline(lead: DemoLead, rng: Random): void {
  lead.status = 'lost';
  lead.lostReason = rng.pick(LOST_REASONS);
}

/** A small deterministic random source (mulberry32), so the demo clinic is the same on every fresh start. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  weightedIndex(weights: readonly number[]): number {
    let roll = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((roll -= weights[i]!) < 0) return i;
    return weights.length - 1;
  }

  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    return items[this.weightedIndex(items.map(weight))]!;
  }
}
