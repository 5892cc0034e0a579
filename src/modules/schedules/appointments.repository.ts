import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
import { named } from '../../database/prepared-query.js';
import { affected, one, returning, rows } from '../../database/sql.js';
import { JOINED_PATIENT_CARD, joinedPatientNameMatches, JOINED_PATIENT_NOT_RESTRICTED, joinedPatientPhoneIs, joinPatient } from '../patients/patient-sql.js';
import type { AppointmentStatus } from './appointment-status.js';
import type { AppointmentChannel } from './dto/appointment.dto.js';

export interface AppointmentRow {
  id: string;
  patientId: string;
  doctorId: string;
  serviceId: string;
  branchId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  leadId: string | null;
  bookedBy: string | null;
  channel: AppointmentChannel;
  price: number;
  currency: string;
  cancelReason: string | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An appointment with the patient's name and phone, for boards and cards. */
export interface AppointmentWithPatient extends AppointmentRow {
  patient: { id: string; lastName: string | null; firstName: string | null; middleName: string | null; phone: string | null; restricted: boolean };
}

export type NewAppointment = Omit<AppointmentRow, 'id' | 'status' | 'cancelReason' | 'createdAt' | 'updatedAt'>;

const COLUMNS = `a.id, a.patient_id AS "patientId", a.doctor_id AS "doctorId", a.service_id AS "serviceId", a.branch_id AS "branchId",
  a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.status, a.lead_id AS "leadId", a.booked_by AS "bookedBy", a.channel,
  a.price::float8 AS price, a.currency, a.cancel_reason AS "cancelReason", a.note, a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const WITH_PATIENT = `${COLUMNS}, ${JOINED_PATIENT_CARD} AS patient FROM appointments a ${joinPatient('a.patient_id')}`;

const UPDATABLE: Record<string, string> = {
  doctorId: 'doctor_id',
  serviceId: 'service_id',
  branchId: 'branch_id',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  status: 'status',
  price: 'price',
  currency: 'currency',
  cancelReason: 'cancel_reason',
  note: 'note',
};

/** Per doctor ($1), the starts and ends (epoch ms) of active appointments overlapping [$2, $3), as two JSON arrays. */
const BUSY = named(
  'appointments.busy',
  `SELECT d.id AS "doctorId", b.starts, b.ends
   FROM unnest($1::uuid[]) AS d (id)
   CROSS JOIN LATERAL (
     SELECT array_to_json(array_agg((date_part('epoch', a.starts_at) * 1000)::bigint)) AS starts,
            array_to_json(array_agg((date_part('epoch', a.ends_at) * 1000)::bigint)) AS ends
     FROM appointments a
     WHERE a.doctor_id = d.id AND a.starts_at >= $2::timestamptz - interval '12 hours' AND a.starts_at < $3 AND a.ends_at > $2
       AND a.status NOT IN ('cancelled', 'no_show')
   ) b`,
);

@Injectable()
export class AppointmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(values: NewAppointment, em: EntityManager): Promise<AppointmentRow> {
    const [row] = await returning<AppointmentRow>(
      em,
      `INSERT INTO appointments AS a (patient_id, doctor_id, service_id, branch_id, starts_at, ends_at, lead_id, booked_by, channel, price, currency, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [
        values.patientId,
        values.doctorId,
        values.serviceId,
        values.branchId,
        values.startsAt,
        values.endsAt,
        values.leadId,
        values.bookedBy,
        values.channel,
        values.price,
        values.currency,
        values.note,
      ],
    );
    return row!;
  }

  async firstForLead(leadId: string, em: EntityManager = this.dataSource.manager): Promise<AppointmentRow | null> {
    return (await one<AppointmentRow>(em, `SELECT ${COLUMNS} FROM appointments a WHERE a.lead_id = $1 ORDER BY a.created_at LIMIT 1`, [leadId])) ?? null;
  }

  /** The appointment, locked until the transaction ends, so status changes and moves apply one after another. */
  async lockById(id: string, em: EntityManager): Promise<AppointmentRow | null> {
    return (await one<AppointmentRow>(em, `SELECT ${COLUMNS} FROM appointments a WHERE a.id = $1 FOR UPDATE`, [id])) ?? null;
  }

  async update(id: string, values: Partial<AppointmentRow>, em: EntityManager): Promise<AppointmentRow> {
    const set = Object.entries(values).filter(([k, v]) => v !== undefined && UPDATABLE[k]);
    const assignments = [...set.map(([k], i) => `${UPDATABLE[k]} = $${i + 2}`), 'updated_at = now()'];
    if (values.status) assignments.push('status_changed_at = now()');
    const [row] = await returning<AppointmentRow>(em, `UPDATE appointments a SET ${assignments.join(', ')} WHERE a.id = $1 RETURNING ${COLUMNS}`, [
      id,
      ...set.map(([, v]) => v),
    ]);
    return row!;
  }

  async findWithPatient(id: string, em: EntityManager = this.dataSource.manager): Promise<AppointmentWithPatient | null> {
    return (await one<AppointmentWithPatient>(em, `SELECT ${WITH_PATIENT} WHERE a.id = $1`, [id])) ?? null;
  }

  list(filter: {
    branchIds?: readonly string[];
    doctorId?: string;
    patientId?: string;
    status?: AppointmentStatus;
    from?: Date;
    to?: Date;
    /** The patient's phone (E.164), or a LIKE pattern for the start of their last or first name. */
    phone?: string;
    namePattern?: string;
    hideRestricted: boolean;
    after?: Cursor;
    limit: number;
  }): Promise<AppointmentWithPatient[]> {
    return rows<AppointmentWithPatient>(
      this.dataSource,
      `SELECT ${WITH_PATIENT}
       WHERE ($1::uuid[] IS NULL OR a.branch_id = ANY($1)) AND ($2::uuid IS NULL OR a.doctor_id = $2) AND ($3::uuid IS NULL OR a.patient_id = $3)
         AND ($4::text IS NULL OR a.status = $4) AND ($5::timestamptz IS NULL OR a.starts_at >= $5) AND ($6::timestamptz IS NULL OR a.starts_at < $6)
         AND ($7::timestamptz IS NULL OR (a.starts_at, a.id) > ($7, $8::uuid)) AND (NOT $10::boolean OR ${JOINED_PATIENT_NOT_RESTRICTED})
         AND ($11::text IS NULL OR ${joinedPatientPhoneIs('$11')}) AND ($12::text IS NULL OR ${joinedPatientNameMatches('$12')})
       ORDER BY a.starts_at, a.id LIMIT $9`,
      [
        filter.branchIds ?? null,
        filter.doctorId ?? null,
        filter.patientId ?? null,
        filter.status ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        filter.limit,
        filter.hideRestricted,
        filter.phone ?? null,
        filter.namePattern ?? null,
      ],
    );
  }

  /**
   * Time held by these doctors' active appointments overlapping [from, to): what availability subtracts.
   * Per doctor, the starts and the ends (epoch ms) as two JSON arrays in the same order: thousands of rows parse far
   * faster this way than as timestamps. The numbers come from float date_part rather than numeric extract (several
   * times slower): the float is exact to a fraction of a microsecond, so the rounded milliseconds are the same.
   * Appointments last at most 12 hours (a CHECK), so each doctor's scan of the (doctor_id, starts_at) index is bounded;
   * scanning per doctor also keeps the prepared statement's generic plan on that index whatever the values.
   */
  async busy(doctorIds: string[], from: Date, to: Date): Promise<Map<string, Array<[number, number]>>> {
    const busy = await rows<{ doctorId: string; starts: number[] | null; ends: number[] | null }>(this.dataSource, BUSY, [doctorIds, from, to]);
    return new Map(busy.map((r) => [r.doctorId, (r.starts ?? []).map((start, i): [number, number] => [start, r.ends![i]!])]));
  }

  /** A patient's coming active appointments, soonest first. */
  upcomingForPatient(patientId: string, limit: number, em: EntityManager = this.dataSource.manager): Promise<AppointmentRow[]> {
    return rows<AppointmentRow>(
      em,
      `SELECT ${COLUMNS} FROM appointments a
       WHERE a.patient_id = $1 AND a.ends_at > now() AND a.status IN ('scheduled', 'confirmed', 'arrived')
       ORDER BY a.starts_at, a.id LIMIT $2`,
      [patientId, limit],
    );
  }

  /** How many visits (arrived or completed) the patient had. */
  async visitCount(patientId: string, em: EntityManager): Promise<number> {
    const row = await one<{ n: number }>(em, `SELECT count(*)::int AS n FROM appointments WHERE patient_id = $1 AND status IN ('arrived', 'completed')`, [
      patientId,
    ]);
    return row!.n;
  }

  /** A patient's appointments for a subject-access export. */
  exportForPatient(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT a.id, a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.status, a.doctor_id AS "doctorId", a.service_id AS "serviceId",
              a.branch_id AS "branchId", a.price::float8 AS price, a.currency, a.channel, a.note, a.cancel_reason AS "cancelReason", a.created_at AS "createdAt"
       FROM appointments a WHERE a.patient_id = $1 ORDER BY a.starts_at`,
      [patientId],
    );
  }

  /** Erasure keeps the visits (reports count them) and drops the free text that may describe the person. */
  async eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    return affected(
      em,
      `UPDATE appointments SET note = NULL, cancel_reason = NULL, updated_at = now()
       WHERE patient_id = $1 AND (note IS NOT NULL OR cancel_reason IS NOT NULL)`,
      [patientId],
    );
  }
}
