import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { dayFromIsoDate } from '../../common/time/zoned-time.js';
import { AnalyticsService } from './analytics.service.js';
import type { DoctorsReport, OperatorScorecard, OperatorsReport, RepeatCohort, RepeatVisitsReport, ReportQuery } from './dto/analytics.dto.js';
import { CALLBACK_ON_TIME_GRACE_MIN } from '../leads/funnel-definitions.js';
import { money, ratio } from '../leads/funnel-figures.js';
import { DoctorVisitRollup } from './doctor-visit-rollup.js';
import { LeadFunnelRollup } from './lead-funnel-rollup.js';
import { LeadFunnelRollupReader } from './lead-funnel-rollup-reader.repository.js';
import { OperatorActivityRollup } from './operator-activity-rollup.js';
import { MessagingReportRepository } from './messaging-report.repository.js';
import { PatientVisitFacts } from './patient-visit-facts.js';
import { type OperatorActivityRow, ScorecardsRepository } from './scorecards.repository.js';

const NO_ACTIVITY: Omit<OperatorActivityRow, 'operatorId'> = {
  calls: 0,
  answeredCalls: 0,
  callbacksDue: 0,
  callbacksDone: 0,
  callbacksOnTime: 0,
  bookings: 0,
  visited: 0,
  noShows: 0,
  cancelled: 0,
  repeat: 0,
};

/** Operator and doctor scorecards and repeat-visit cohorts, on the same period rules and funnel definitions as the funnel. */
@Injectable()
export class ScorecardsService {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly funnelRollup: LeadFunnelRollup,
    private readonly rollup: LeadFunnelRollupReader,
    private readonly activityRollup: OperatorActivityRollup,
    private readonly visitFacts: PatientVisitFacts,
    private readonly doctorRollup: DoctorVisitRollup,
    private readonly scorecards: ScorecardsRepository,
    private readonly messaging: MessagingReportRepository,
  ) {}

  async operators(actor: Actor, query: ReportQuery): Promise<OperatorsReport> {
    const period = await this.analytics.period(actor, query);
    const repeatWindowDays = await this.analytics.repeatWindowDays();
    const [leads, activity, callbacksToday, active, reviews] = await Promise.all([
      this.funnelRollup.refresh().then(() => this.rollup.stages(period, 'operator')),
      this.activityRollup.refresh().then(() => this.scorecards.operatorActivity(period)),
      this.scorecards.operatorCallbacksToday(period),
      this.scorecards.activeOperators(period.branchKeys),
      this.scorecards.operatorReviews(period),
    ]);
    const reviewed = new Map(reviews.map((r) => [r.operatorId, r]));
    const handled = new Map(leads.filter((r) => r.grouping && r.key).map((r) => [r.key!, r]));
    const did = new Map(activity.map((r) => [r.operatorId, { ...r }]));
    // Callbacks of today so far are read live (the rollup's days are over).
    for (const today of callbacksToday) {
      const row = did.get(today.operatorId) ?? { ...NO_ACTIVITY, operatorId: today.operatorId };
      row.callbacksDue += today.callbacksDue;
      row.callbacksDone += today.callbacksDone;
      row.callbacksOnTime += today.callbacksOnTime;
      did.set(today.operatorId, row);
    }
    const booked = new Map([...did.values()].filter((r) => r.bookings > 0).map((r) => [r.operatorId, r]));
    const called = new Map([...did.values()].filter((r) => r.calls > 0).map((r) => [r.operatorId, r]));
    const calledBack = new Map([...did.values()].filter((r) => r.callbacksDue > 0).map((r) => [r.operatorId, r]));
    // Active operators, and anyone else who handled leads, made calls or callbacks in the period; bookings alone
    // (reception, managers) do not make someone an operator.
    const ids = new Set([...active.map((o) => o.id), ...handled.keys(), ...called.keys(), ...calledBack.keys()]);
    const names = await this.scorecards.names('staff_users', [...ids]);
    const data: OperatorScorecard[] = [...ids].map((id) => {
      const l = handled.get(id);
      const b = booked.get(id);
      const c = called.get(id);
      const cb = calledBack.get(id);
      const visited = b?.visited ?? 0;
      const noShows = b?.noShows ?? 0;
      return {
        operatorId: id,
        name: names.get(id) ?? null,
        leadsHandled: l?.leads ?? 0,
        contacted: l?.contacted ?? 0,
        contactedWithinSla: l?.contactedWithinSla ?? 0,
        slaRate: ratio(l?.contactedWithinSla ?? 0, l?.leads),
        medianFirstContactSec: l?.medianFirstContactSec ?? null,
        calls: c?.calls ?? 0,
        answeredCalls: c?.answeredCalls ?? 0,
        bookedLeads: l?.booked ?? 0,
        bookingRate: ratio(l?.booked ?? 0, l?.leads),
        bookings: b?.bookings ?? 0,
        visited,
        noShows,
        cancelled: b?.cancelled ?? 0,
        showRate: ratio(visited, visited + noShows),
        noShowRate: ratio(noShows, visited + noShows),
        cancellationRate: ratio(b?.cancelled ?? 0, b?.bookings),
        repeat: b?.repeat ?? 0,
        repeatRate: ratio(b?.repeat ?? 0, visited),
        callbacksDue: cb?.callbacksDue ?? 0,
        callbacksDone: cb?.callbacksDone ?? 0,
        callbacksOnTime: cb?.callbacksOnTime ?? 0,
        callbacksOnTimeRate: ratio(cb?.callbacksOnTime ?? 0, cb?.callbacksDue),
        callsReviewed: reviewed.get(id)?.reviewed ?? 0,
        averageReviewScore: reviewed.has(id) ? Math.round(reviewed.get(id)!.averageScore * 10) / 10 : null,
      };
    });
    data.sort((a, b) => b.leadsHandled - a.leadsHandled || b.calls - a.calls || String(a.name).localeCompare(String(b.name)));
    return { from: period.from, to: period.to, branchId: query.branchId ?? null, repeatWindowDays, callbackGraceMinutes: CALLBACK_ON_TIME_GRACE_MIN, data };
  }

  async doctors(actor: Actor, query: ReportQuery): Promise<DoctorsReport> {
    const period = await this.analytics.period(actor, query);
    const repeatWindowDays = await this.analytics.repeatWindowDays();
    await this.doctorRollup.refresh();
    const rows = await this.scorecards.doctors(period);
    // Patients' ratings of the period (feedback requests after visits).
    const ratings = new Map((await this.messaging.ratingsByDoctor(period)).map((r) => [r.doctorId, r]));
    const names = await this.scorecards.names(
      'doctors',
      rows.map((r) => r.doctorId),
    );
    const data = rows
      .map((r) => ({
        ...r,
        name: names.get(r.doctorId) ?? null,
        revenue: money(r.revenue),
        ratings: ratings.get(r.doctorId)?.ratings ?? 0,
        averageRating: ratings.get(r.doctorId)?.average ?? null,
        noShowRate: ratio(r.noShows, r.visits + r.noShows),
        cancellationRate: ratio(r.cancellations, r.appointments),
        repeatRate: ratio(r.repeatPatients, r.patients),
      }))
      .sort((a, b) => b.visits - a.visits || String(a.name).localeCompare(String(b.name)));
    return { from: period.from, to: period.to, branchId: query.branchId ?? null, currency: await this.analytics.currency(), repeatWindowDays, data };
  }

  async repeatVisits(actor: Actor, query: ReportQuery, today = new Date()): Promise<RepeatVisitsReport> {
    const period = await this.analytics.period(actor, query);
    await this.visitFacts.refresh();
    const rows = await this.scorecards.repeatCohorts(period);
    // A window is complete when even the cohort's last patient (first visit on the month's last day) has had all of it.
    const todayDay = dayFromIsoDate(today.toISOString().slice(0, 10));
    const data: RepeatCohort[] = rows.map((r) => {
      const [year, month] = r.cohort.split('-').map(Number);
      const lastDay = Date.UTC(year!, month!, 0) / 86_400_000;
      return {
        cohort: r.cohort,
        channel: r.total ? null : r.channel,
        allChannels: r.total,
        patients: r.patients,
        returned30: r.returned30,
        returned90: r.returned90,
        returned180: r.returned180,
        share30: ratio(r.returned30, r.patients),
        share90: ratio(r.returned90, r.patients),
        share180: ratio(r.returned180, r.patients),
        complete30: lastDay + 30 < todayDay,
        complete90: lastDay + 90 < todayDay,
        complete180: lastDay + 180 < todayDay,
      };
    });
    return { from: period.from, to: period.to, branchId: query.branchId ?? null, data };
  }
}
