import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsService } from './analytics.service.js';
import { DoctorVisitRollup } from './doctor-visit-rollup.js';
import { DoctorVisitRollupRepository } from './doctor-visit-rollup.repository.js';
import { LeadFunnelRollup } from './lead-funnel-rollup.js';
import { LeadFunnelRollupRepository } from './lead-funnel-rollup.repository.js';
import { LeadFunnelRollupReader } from './lead-funnel-rollup-reader.repository.js';
import { LeadFunnelRepository } from './lead-funnel.repository.js';
import { MarketingSpendController } from './marketing-spend.controller.js';
import { MessagingReportController } from './messaging-report.controller.js';
import { MessagingReportRepository } from './messaging-report.repository.js';
import { MarketingSpendRepository } from './marketing-spend.repository.js';
import { MarketingSpendService } from './marketing-spend.service.js';
import { OperatorActivityRollup } from './operator-activity-rollup.js';
import { OperatorActivityRollupRepository } from './operator-activity-rollup.repository.js';
import { PatientVisitFacts } from './patient-visit-facts.js';
import { PatientVisitFactsRepository } from './patient-visit-facts.repository.js';
import { ScorecardsRepository } from './scorecards.repository.js';
import { ScorecardsService } from './scorecards.service.js';

/** Read-only reports over leads, calls and appointments, and the marketing spend they weigh against. */
@Module({
  imports: [BranchesModule, SettingsModule],
  controllers: [AnalyticsController, MarketingSpendController, MessagingReportController],
  providers: [
    MessagingReportRepository,
    LeadFunnelRepository,
    LeadFunnelRollup,
    LeadFunnelRollupRepository,
    LeadFunnelRollupReader,
    OperatorActivityRollup,
    OperatorActivityRollupRepository,
    PatientVisitFacts,
    PatientVisitFactsRepository,
    DoctorVisitRollup,
    DoctorVisitRollupRepository,
    ScorecardsRepository,
    MarketingSpendRepository,
    AnalyticsService,
    ScorecardsService,
    MarketingSpendService,
  ],
})
export class AnalyticsModule {}
