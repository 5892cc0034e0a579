import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlParams } from '../../common/sql/sql-params.js';
import { inPeriod, periodBoundsCte, type ReportPeriod, VISIT_STATUSES } from '../leads/funnel-definitions.js';
import { reportRows } from './report-query.repository.js';

const VISITED = `a.status IN (${VISIT_STATUSES.map((s) => `'${s}'`).join(', ')})`;
/** A confirmation or reminder that went out before the visit. */
const REMINDED = `EXISTS (SELECT 1 FROM messages r WHERE r.appointment_id = a.id AND r.purpose IN ('confirmation', 'reminder')
  AND r.status IN ('sent', 'delivered') AND r.sent_at < a.starts_at)`;
const MESSENGERS = `('telegram', 'vk', 'vk_comment')`;

export interface ReminderEffectRow {
  reminded: boolean;
  appointments: number;
  confirmedByPatient: number;
  cancelledByPatient: number;
  visits: number;
  noShows: number;
}

export interface ReplyTimeRow {
  inbound: number;
  answered: number;
  medianSec: number | null;
  p90Sec: number | null;
}

export interface RatingRow {
  doctorId: string;
  ratings: number;
  average: number;
  low: number;
}

export interface RecallRow {
  messaged: number;
  booked: number;
  leads: number;
  leadsBooked: number;
}

export interface DeliveryRow {
  channel: string;
  purpose: string;
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  cancelled: number;
  queued: number;
}

/** What the messages did, over the period: reminders and visits, reply times, ratings, recalls, deliveries. */
@Injectable()
export class MessagingReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appointments starting in the period, split by whether a confirmation or reminder reached the person before the visit. */
  reminderEffect(period: ReportPeriod): Promise<ReminderEffectRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'a', 'starts_at', 'branch_id');
    return reportRows(
      this.dataSource,
      `WITH ${bounds}
       SELECT ${REMINDED} AS reminded, count(*)::int AS appointments,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messages r WHERE r.appointment_id = a.id AND r.answer = 'confirmed'))::int AS "confirmedByPatient",
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messages r WHERE r.appointment_id = a.id AND r.answer = 'cancelled'))::int AS "cancelledByPatient",
              count(*) FILTER (WHERE ${VISITED})::int AS visits, count(*) FILTER (WHERE a.status = 'no_show')::int AS "noShows"
         FROM appointments a WHERE ${scope.where}
        GROUP BY 1`,
      p.values,
    );
  }

  /** Messages people wrote in messengers in the period (answers to our questions left out) and how long staff took to answer. */
  async replyTimes(period: ReportPeriod): Promise<ReplyTimeRow> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'i', 'created_at', 'branch_id');
    const [row] = await reportRows<ReplyTimeRow>(
      this.dataSource,
      `WITH ${bounds},
       waits AS (
         SELECT date_part('epoch', o.first_reply - i.created_at) AS sec
           FROM messages i
           LEFT JOIN LATERAL (SELECT min(o.created_at) AS first_reply FROM messages o
                               WHERE o.direction = 'out' AND o.purpose = 'reply' AND o.created_by IS NOT NULL AND o.created_at >= i.created_at
                                 AND (o.reply_to_id = i.id OR (i.patient_id IS NOT NULL AND o.patient_id = i.patient_id))) o ON true
          WHERE i.direction = 'in' AND i.channel IN ${MESSENGERS} AND i.reply_to_id IS NULL AND ${scope.where})
       SELECT count(*)::int AS inbound, count(sec)::int AS answered,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY sec) AS "medianSec", percentile_cont(0.9) WITHIN GROUP (ORDER BY sec) AS "p90Sec"
         FROM waits`,
      p.values,
    );
    return { inbound: row?.inbound ?? 0, answered: row?.answered ?? 0, medianSec: round(row?.medianSec), p90Sec: round(row?.p90Sec) };
  }

  /** Ratings given in the period, per doctor; `low` are those at or below `lowMax`. */
  ratingsByDoctor(period: ReportPeriod, lowMax = 3): Promise<RatingRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'f', 'received_at', 'branch_id');
    return reportRows(
      this.dataSource,
      `WITH ${bounds}
       SELECT f.doctor_id AS "doctorId", count(*)::int AS ratings, round(avg(f.rating), 2)::float8 AS average, count(*) FILTER (WHERE f.rating <= ${p.add(lowMax)})::int AS low
         FROM feedback f WHERE ${scope.where} GROUP BY f.doctor_id`,
      p.values,
    );
  }

  /** Recall messages sent in the period and whether the person booked afterwards (within 60 days); recall leads and their bookings. */
  async recall(period: ReportPeriod): Promise<RecallRow> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const messages = inPeriod(p, period, 'm', 'created_at', 'branch_id');
    const leads = inPeriod(p, period, 'l', 'created_at', 'branch_id');
    const [row] = await reportRows<RecallRow>(
      this.dataSource,
      `WITH ${bounds}
       SELECT (SELECT count(*) FROM messages m WHERE m.purpose = 'recall' AND m.status IN ('sent', 'delivered') AND ${messages.where})::int AS messaged,
              (SELECT count(*) FROM messages m WHERE m.purpose = 'recall' AND m.status IN ('sent', 'delivered') AND ${messages.where}
                  AND EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = m.patient_id AND a.created_at > m.sent_at AND a.created_at < m.sent_at + interval '60 days'))::int AS booked,
              (SELECT count(*) FROM leads l WHERE l.channel = 'recall' AND ${leads.where})::int AS leads,
              (SELECT count(*) FROM leads l WHERE l.channel = 'recall' AND l.status = 'booked' AND ${leads.where})::int AS "leadsBooked"`,
      p.values,
    );
    return row ?? { messaged: 0, booked: 0, leads: 0, leadsBooked: 0 };
  }

  /** Outbound messages written in the period by channel and purpose, by where they ended. */
  delivery(period: ReportPeriod): Promise<DeliveryRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'm', 'created_at', 'branch_id');
    return reportRows(
      this.dataSource,
      `WITH ${bounds}
       SELECT m.channel, m.purpose, count(*)::int AS total,
              count(*) FILTER (WHERE m.status IN ('sent', 'delivered'))::int AS sent, count(*) FILTER (WHERE m.status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE m.status = 'failed')::int AS failed, count(*) FILTER (WHERE m.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE m.status IN ('queued', 'sending'))::int AS queued
         FROM messages m WHERE m.direction = 'out' AND ${scope.where}
        GROUP BY m.channel, m.purpose ORDER BY m.channel, m.purpose`,
      p.values,
    );
  }
}

function round(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value));
}
