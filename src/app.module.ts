import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AccessGuard } from './common/auth/access.guard.js';
import { DomainEvents } from './common/events/domain-events.js';
import { loggerParams } from './common/logging/logging.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { AfterCommit } from './database/after-commit.js';
import { dataSourceOptions } from './database/database.js';
import { JobsModule } from './jobs/jobs.module.js';
import { AnalyticsModule } from './modules/analytics/analytics.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { BranchesModule } from './modules/branches/branches.module.js';
import { CallsModule } from './modules/calls/calls.module.js';
import { ConsentsModule } from './modules/consents/consents.module.js';
import { PersonalDataModule } from './modules/consents/personal-data/personal-data.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { DoctorsModule } from './modules/doctors/doctors.module.js';
import { FloorModule } from './modules/floor/floor.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IntakeModule } from './modules/intake/intake.module.js';
import { LeadsModule } from './modules/leads/leads.module.js';
import { MessagesModule } from './modules/messages/messages.module.js';
import { PatientCardModule } from './modules/patient-card/patient-card.module.js';
import { PatientsModule } from './modules/patients/patients.module.js';
import { SettingsModule } from './modules/settings/settings.module.js';
import { StaffModule } from './modules/staff/staff.module.js';
import { SubjectRequestsModule } from './modules/subject-requests/subject-requests.module.js';
import { SchedulesModule } from './modules/schedules/schedules.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';

export interface AppModuleOptions {
  config: AppConfig & { databaseUrl: string };
  /** Where logs go; stdout when unset (tests capture them to check that no personal data leaks). */
  logDestination?: NodeJS.WritableStream;
}

@Global()
@Module({})
export class AppModule {
  static forRoot({ config, logDestination }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config, logDestination)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, config.databasePoolSize), autoLoadEntities: true }),
        AuditModule,
        RealtimeModule,
        JobsModule,
        PersonalDataModule,
        HealthModule,
        StaffModule,
        AuthModule,
        BranchesModule,
        PatientsModule,
        DoctorsModule,
        SchedulesModule,
        ConsentsModule,
        SubjectRequestsModule,
        SettingsModule,
        LeadsModule,
        MessagesModule,
        IntakeModule,
        PatientCardModule,
        CallsModule,
        AnalyticsModule,
        FloorModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AccessGuard },
        DomainEvents,
        AfterCommit,
      ],
      exports: [APP_CONFIG, DomainEvents, AfterCommit],
    };
  }
}
