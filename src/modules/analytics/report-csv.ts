import { StreamableFile } from '@nestjs/common';
import { csvStream } from './csv.js';
import type { DoctorsReport, FunnelReport, FunnelRow, OperatorsReport, RepeatVisitsReport, SlaBreach, SlaReport, SlaRow } from './dto/analytics.dto.js';

/** Columns of each report's CSV, in order; the audit trail records these names for views and exports. */
export const FUNNEL_COLUMNS = [
  'key',
  'label',
  'leads',
  'contacted',
  'contactedWithinSla',
  'booked',
  'visited',
  'repeat',
  'contactRate',
  'slaRate',
  'bookingRate',
  'visitRate',
  'repeatRate',
  'showRate',
  'returnRate',
  'medianFirstContactSec',
  'p90FirstContactSec',
  'revenue',
  'spend',
  'cpl',
  'costPerBooking',
  'costPerVisit',
  'romi',
] as const satisfies ReadonlyArray<keyof FunnelRow>;

export const OPERATOR_COLUMNS = [
  'operatorId',
  'name',
  'leadsHandled',
  'contacted',
  'contactedWithinSla',
  'slaRate',
  'medianFirstContactSec',
  'calls',
  'answeredCalls',
  'bookedLeads',
  'bookingRate',
  'bookings',
  'visited',
  'noShows',
  'cancelled',
  'showRate',
  'noShowRate',
  'cancellationRate',
  'repeat',
  'repeatRate',
  'callbacksDue',
  'callbacksDone',
  'callbacksOnTime',
  'callbacksOnTimeRate',
  'callsReviewed',
  'averageReviewScore',
] as const satisfies ReadonlyArray<keyof OperatorsReport['data'][number]>;

export const DOCTOR_COLUMNS = [
  'doctorId',
  'name',
  'appointments',
  'visits',
  'completed',
  'noShows',
  'cancellations',
  'noShowRate',
  'cancellationRate',
  'revenue',
  'patients',
  'repeatPatients',
  'repeatRate',
  'ratings',
  'averageRating',
] as const satisfies ReadonlyArray<keyof DoctorsReport['data'][number]>;

export const COHORT_COLUMNS = [
  'cohort',
  'channel',
  'allChannels',
  'patients',
  'returned30',
  'returned90',
  'returned180',
  'share30',
  'share90',
  'share180',
  'complete30',
  'complete90',
  'complete180',
] as const satisfies ReadonlyArray<keyof RepeatVisitsReport['data'][number]>;

const SLA_ROW_COLUMNS = [
  'key',
  'label',
  'leads',
  'contacted',
  'contactedWithinSla',
  'slaRate',
  'medianFirstContactSec',
  'p90FirstContactSec',
] as const satisfies ReadonlyArray<keyof SlaRow>;
export const SLA_COLUMNS = ['section', ...SLA_ROW_COLUMNS] as const;

export const BREACH_COLUMNS = [
  'leadId',
  'channel',
  'branchId',
  'operatorId',
  'operatorName',
  'createdAt',
  'slaDueAt',
  'firstContactAt',
  'overdueSec',
] as const satisfies ReadonlyArray<keyof SlaBreach>;

const pick = <T>(row: T, columns: readonly (keyof T)[]) => columns.map((c) => row[c]);

/** The funnel rows, then the total (section tells them apart). */
export function funnelRecords(report: FunnelReport): { header: string[]; rows: unknown[][] } {
  return {
    header: ['section', ...FUNNEL_COLUMNS],
    rows: [...report.data.map((r) => ['group', ...pick(r, FUNNEL_COLUMNS)]), ['total', ...pick(report.total, FUNNEL_COLUMNS)]],
  };
}

export function operatorRecords(report: OperatorsReport): unknown[][] {
  return report.data.map((r) => pick(r, OPERATOR_COLUMNS));
}

export function doctorRecords(report: DoctorsReport): unknown[][] {
  return report.data.map((r) => pick(r, DOCTOR_COLUMNS));
}

export function cohortRecords(report: RepeatVisitsReport): unknown[][] {
  return report.data.map((r) => pick(r, COHORT_COLUMNS));
}

export function slaRecords(report: SlaReport): unknown[][] {
  return [
    ['total', ...pick(report.total, SLA_ROW_COLUMNS)],
    ...report.byChannel.map((r) => ['channel', ...pick(r, SLA_ROW_COLUMNS)]),
    ...report.byHour.map((r) => ['hour', ...pick(r, SLA_ROW_COLUMNS)]),
    ...report.byOperator.map((r) => ['operator', ...pick(r, SLA_ROW_COLUMNS)]),
  ];
}

export async function* breachRecords(breaches: AsyncIterable<SlaBreach>): AsyncGenerator<unknown[]> {
  for await (const b of breaches) yield pick(b, BREACH_COLUMNS);
}

/** A CSV download: streamed, with a file name that says what and when. */
export function csvFile(name: string, header: readonly string[], rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): StreamableFile {
  return new StreamableFile(csvStream(header, rows), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}.csv"`,
  });
}
