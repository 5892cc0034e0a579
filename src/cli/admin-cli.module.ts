import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEvents } from '../common/events/domain-events.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/database.js';
import { AuditModule } from '../modules/audit/audit.module.js';
import { AuthModule } from '../modules/auth/auth.module.js';
import { StaffModule } from '../modules/staff/staff.module.js';
import { AfterCommit } from '../database/after-commit.js';
import { EventsRepository } from '../realtime/events.repository.js';
import { Outbox } from '../realtime/outbox.js';
import { OutboxRelay } from '../realtime/outbox-relay.js';
import { SessionRevocations } from '../realtime/session-revocations.js';

/**
 * What the admin command needs, and nothing that serves or runs in the background (no HTTP, sockets or jobs): staff,
 * sign-in and the audit trail, plus the outbox writer, so that ending someone's sessions also disconnects their sockets
 * on every running instance.
 */
@Global()
@Module({})
export class AdminCliModule {
  static forRoot(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: AdminCliModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, 2), autoLoadEntities: true }), AuditModule, StaffModule, AuthModule],
      providers: [{ provide: APP_CONFIG, useValue: config }, DomainEvents, AfterCommit, EventsRepository, OutboxRelay, Outbox, SessionRevocations],
      exports: [APP_CONFIG, DomainEvents],
    };
  }
}
