import { randomUUID } from 'node:crypto';
import { DAY_MS, isoWeekday, localDayOf, localToUtc, MINUTE_MS, minutesOfDay } from '../../common/time/zoned-time.js';
import type { LeadChannel } from '../leads/lead-lifecycle.js';
import type { AppointmentRow } from '../schedules/appointments.repository.js';
import type { DemoLead, Random } from './demo-history.js';
import { CANCEL_REASONS } from './demo-plan.js';

export interface DemoDoctor {
  id: string;
  branchId: string;
  specialty: string;
  hours: Array<{ weekdays: number[]; start: string; end: string }>;
  services: Array<{ id: string; durationMin: number; price: number }>;
}

export interface DemoVisitWorld {
  now: Date;
  branches: Array<{ id: string; timezone: string }>;
  doctors: DemoDoctor[];
  receptionists: Array<{ id: string; branchId: string }>;
}

/** An appointment as the demo writes it: the stored row without what the database fills in, booked by a person. */
export type DemoAppointment = Omit<AppointmentRow, 'currency' | 'note' | 'updatedAt' | 'bookedBy' | 'channel'> & { bookedBy: string; channel: LeadChannel };

/** Visits of the demo clinic: booked from leads, and patients coming back, in free slots of each doctor's hours. */
export class DemoVisits {
  readonly appointments: DemoAppointment[] = [];
  private readonly busy = new Map<string, Array<[number, number]>>();

  constructor(
    private readonly world: DemoVisitWorld,
    private readonly rng: Random,
  ) {}

  /** Books the lead's visit a few days after the call; false when no doctor had a free slot. */
  bookFromLead(lead: DemoLead, specialty: string, operatorId: string): boolean {
    const fitting = (s: string) => this.world.doctors.filter((d) => d.specialty === s && (!lead.branchId || d.branchId === lead.branchId));
    const doctors = fitting(specialty).length ? fitting(specialty) : fitting('therapy');
    if (!doctors.length) return false;
    const doctor = this.rng.pick(doctors);
    const bookedAt = lead.firstContactAt!;
    const visit = this.book(doctor, lead.patientId, bookedAt, 1 + this.rng.int(7), { leadId: lead.id, bookedBy: operatorId, channel: lead.channel });
    if (!visit) return false;
    lead.status = 'booked';
    // A clinic-wide inquiry joins the branch where it was booked.
    lead.branchId ??= doctor.branchId;
    return true;
  }

  /** Patients who came back: a follow-up with the same doctor weeks or months later, booked by reception. */
  repeatVisits(): void {
    const now = this.world.now.getTime();
    for (let i = 0; i < this.appointments.length; i++) {
      const first = this.appointments[i]!;
      if (first.status !== 'completed' || this.rng.next() > 0.4) continue;
      const doctor = this.world.doctors.find((d) => d.id === first.doctorId && d.branchId === first.branchId)!;
      const daysLater = 14 + this.rng.int(140);
      if (first.startsAt.getTime() + daysLater * DAY_MS > now + 30 * DAY_MS) continue;
      const reception = this.world.receptionists.find((r) => r.branchId === first.branchId) ?? this.world.receptionists[0]!;
      const bookedAt = new Date(first.startsAt.getTime() + (daysLater - 3 - this.rng.int(10)) * DAY_MS);
      this.book(doctor, first.patientId, bookedAt, Math.max(1, Math.round((first.startsAt.getTime() + daysLater * DAY_MS - bookedAt.getTime()) / DAY_MS)), {
        leadId: null,
        bookedBy: reception.id,
        channel: this.rng.next() < 0.7 ? 'phone' : 'walk_in',
      });
    }
  }

  private book(
    doctor: DemoDoctor,
    patientId: string,
    bookedAt: Date,
    daysAhead: number,
    by: { leadId: string | null; bookedBy: string; channel: LeadChannel },
  ): DemoAppointment | undefined {
    // A first visit is mostly the doctor's basic consultation; a return is for whatever treatment follows.
    const service = by.leadId && this.rng.next() < 0.7 ? doctor.services[0]! : this.rng.pick(doctor.services);
    const zone = this.world.branches.find((b) => b.id === doctor.branchId)!.timezone;
    const firstDay = localDayOf(zone, bookedAt.getTime()) + daysAhead;
    for (let day = firstDay; day < firstDay + 14; day++) {
      const startsAt = this.freeSlot(doctor, zone, day, service.durationMin);
      if (startsAt === undefined || startsAt <= bookedAt.getTime()) continue;
      const endsAt = startsAt + service.durationMin * MINUTE_MS;
      const status = this.statusAt(startsAt, endsAt);
      const visit: DemoAppointment = {
        id: randomUUID(),
        patientId,
        doctorId: doctor.id,
        serviceId: service.id,
        branchId: doctor.branchId,
        startsAt: new Date(startsAt),
        endsAt: new Date(endsAt),
        status,
        leadId: by.leadId,
        bookedBy: by.bookedBy,
        channel: by.channel,
        price: service.price,
        cancelReason: status === 'cancelled' ? this.rng.pick(CANCEL_REASONS) : null,
        createdAt: bookedAt,
      };
      this.appointments.push(visit);
      this.taken(doctor.id).push([startsAt, endsAt]);
      return visit;
    }
    return undefined;
  }

  /** What became of a visit by now: past ones mostly happened, some were missed or cancelled; coming ones are booked. */
  private statusAt(startsAt: number, endsAt: number): DemoAppointment['status'] {
    const now = this.world.now.getTime();
    const roll = this.rng.next();
    if (startsAt <= now && now < endsAt) return roll < 0.85 ? 'arrived' : 'no_show';
    if (endsAt <= now) return roll < 0.79 ? 'completed' : roll < 0.88 ? 'no_show' : 'cancelled';
    if (roll < 0.07) return 'cancelled';
    return startsAt - now < 3 * DAY_MS && roll < 0.45 ? 'confirmed' : 'scheduled';
  }

  /** A random free start on the doctor's working hours of that local day (the service's length on a 30-minute grid). */
  private freeSlot(doctor: DemoDoctor, zone: string, day: number, durationMin: number): number | undefined {
    const candidates: number[] = [];
    for (const h of doctor.hours.filter((x) => x.weekdays.includes(isoWeekday(day)))) {
      for (let m = minutesOfDay(h.start); m + durationMin <= minutesOfDay(h.end); m += 30) {
        const start = localToUtc(zone, day * DAY_MS + m * MINUTE_MS).utcMs;
        const end = start + durationMin * MINUTE_MS;
        if (!this.taken(doctor.id).some(([s, e]) => s < end && start < e)) candidates.push(start);
      }
    }
    return candidates.length ? this.rng.pick(candidates) : undefined;
  }

  private taken(doctorId: string): Array<[number, number]> {
    let list = this.busy.get(doctorId);
    if (!list) this.busy.set(doctorId, (list = []));
    return list;
  }
}
