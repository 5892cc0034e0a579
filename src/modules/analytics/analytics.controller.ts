import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { AnalyticsService } from './analytics.service.js';
import { DoctorsReport, FunnelQuery, FunnelReport, OperatorsReport, RepeatVisitsReport, ReportQuery, SlaQuery, SlaReport } from './dto/analytics.dto.js';
import {
  BREACH_COLUMNS,
  breachRecords,
  COHORT_COLUMNS,
  cohortRecords,
  csvFile,
  DOCTOR_COLUMNS,
  doctorRecords,
  funnelRecords,
  OPERATOR_COLUMNS,
  operatorRecords,
  SLA_COLUMNS,
  slaRecords,
} from './report-csv.js';
import { ScorecardsService } from './scorecards.service.js';

const CSV_NOTE = 'With `format=csv`: a CSV download (text/csv) of the same rows, formula-escaped.';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly scorecards: ScorecardsService,
  ) {}

  @ApiOperation({ summary: 'Report the lead funnel' })
  @Get('funnel')
  @Roles('manager')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: FunnelReport, description: CSV_NOTE })
  async funnel(@CurrentActor() actor: Actor, @Query() query: FunnelQuery): Promise<FunnelReport | StreamableFile> {
    const report = await this.analytics.funnel(actor, query);
    const csv = funnelRecords(report);
    await this.analytics.recordAccess(actor, 'funnel', query.format, csv.header);
    return query.format === 'csv' ? csvFile(`funnel-by-${report.groupBy}-${report.from}-${report.to}`, csv.header, csv.rows) : report;
  }

  @ApiOperation({ summary: 'Report operators’ scorecards' })
  @Get('operators')
  @Roles('manager')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OperatorsReport, description: CSV_NOTE })
  async operators(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<OperatorsReport | StreamableFile> {
    const report = await this.scorecards.operators(actor, query);
    await this.analytics.recordAccess(actor, 'operators', query.format, [...OPERATOR_COLUMNS]);
    return query.format === 'csv' ? csvFile(`operators-${report.from}-${report.to}`, OPERATOR_COLUMNS, operatorRecords(report)) : report;
  }

  @ApiOperation({ summary: 'Report doctors’ scorecards' })
  @Get('doctors')
  @Roles('manager')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: DoctorsReport, description: CSV_NOTE })
  async doctors(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<DoctorsReport | StreamableFile> {
    const report = await this.scorecards.doctors(actor, query);
    await this.analytics.recordAccess(actor, 'doctors', query.format, [...DOCTOR_COLUMNS]);
    return query.format === 'csv' ? csvFile(`doctors-${report.from}-${report.to}`, DOCTOR_COLUMNS, doctorRecords(report)) : report;
  }

  @ApiOperation({ summary: 'Report repeat visits' })
  @Get('repeat-visits')
  @Roles('manager')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RepeatVisitsReport, description: CSV_NOTE })
  async repeatVisits(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<RepeatVisitsReport | StreamableFile> {
    const report = await this.scorecards.repeatVisits(actor, query);
    await this.analytics.recordAccess(actor, 'repeat_visits', query.format, [...COHORT_COLUMNS]);
    return query.format === 'csv' ? csvFile(`repeat-visits-${report.from}-${report.to}`, COHORT_COLUMNS, cohortRecords(report)) : report;
  }

  @ApiOperation({ summary: 'Report first-contact times' })
  @Get('sla')
  @Roles('manager')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SlaReport, description: `${CSV_NOTE} \`part=breaches\` exports every breach of the period instead of the shares.` })
  async sla(@CurrentActor() actor: Actor, @Query() query: SlaQuery): Promise<SlaReport | StreamableFile> {
    if (query.format === 'csv' && query.part === 'breaches') {
      await this.analytics.period(actor, query);
      await this.analytics.recordAccess(actor, 'sla', 'csv', [...BREACH_COLUMNS]);
      return csvFile(`sla-breaches-${query.from}-${query.to}`, BREACH_COLUMNS, breachRecords(this.analytics.allBreaches(actor, query)));
    }
    const report = await this.analytics.sla(actor, query);
    await this.analytics.recordAccess(actor, 'sla', query.format, [...SLA_COLUMNS]);
    return query.format === 'csv' ? csvFile(`sla-${report.from}-${report.to}`, SLA_COLUMNS, slaRecords(report)) : report;
  }
}
