import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { conflict } from '../../common/errors/app-error.js';
import { DAY_MS } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { ConsentDocumentsService } from '../consents/consent-documents.service.js';
import { ConsentsService } from '../consents/consents.service.js';
import type { ErasePatientDto, ErasureView, PatientExportView, RestrictionView, RestrictPatientDto } from './dto/privacy.dto.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { type DestructionReason, PrivacyRepository } from './privacy.repository.js';

export const PURGE_JOB = 'privacy.purge';
const PURGE_BATCH = 100;
const AUDIT_EXPORT_LIMIT = 1000;

/** Used only to look a patient up from a background job; never written to the audit trail. */
const SYSTEM_READER: Actor = { id: '00000000-0000-0000-0000-000000000000', role: 'admin', sessionId: '', branchIds: [], requestId: PURGE_JOB, ip: '' };

/** Who performed an erasure: a staff member, or the purge job. */
type Performer = { actor: Actor } | { system: string };

/** Data subjects' rights over everything in the personal-data registry: access export, restriction, erasure. */
@Injectable()
export class PrivacyService implements OnModuleInit {
  private readonly logger = new Logger(PrivacyService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
    private readonly privacy: PrivacyRepository,
    private readonly consents: ConsentsService,
    private readonly documents: ConsentDocumentsService,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
    private readonly jobs: JobRunner,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.jobs.every(PURGE_JOB, this.config.privacy.purgeEverySec, async () => {
      await this.purge();
    });
    const days = this.config.privacy.inquiryRetentionDays;
    if (days) {
      this.registry.addRetentionRule({
        name: 'inquiries_without_visit',
        purge: (now) => {
          const cutoff = new Date(now.getTime() - days * DAY_MS);
          return this.eraseEach(
            (limit) => this.privacy.expiredInquiries(cutoff, limit),
            (em, patientId) => this.privacy.stillExpiredInquiry(patientId, cutoff, em),
            'retention_expired',
          );
        },
      });
    }
  }

  /** Everything Clinicdesk holds about the person, with what it is for, who gets it and how long it is kept. */
  async export(actor: Actor, patientId: string): Promise<PatientExportView> {
    await this.patients.findVisible(actor, patientId);
    const sources = this.registry.all();
    // Committed before reading, so the export's own access log shows this export (and an export that fails midway is still recorded).
    await this.audit.record(
      actor,
      { action: 'patient.exported', entity: 'patient', entityId: patientId, fields: sources.map((s) => s.table) },
      this.dataSource.manager,
    );
    // One snapshot for every table, so the sections agree with each other.
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const data = [];
      for (const source of sources) data.push({ table: source.table, category: source.category, rows: await source.export(em, patientId) });
      // Who read or changed anything of theirs: the card, and each of their leads, calls, visits, consents, requests.
      const recordIds = data.flatMap((section) => section.rows.map((row) => (row as { id?: unknown }).id).filter((id): id is string => typeof id === 'string'));
      const accessLog = (await this.audit.list({ entityIds: [...new Set([patientId, ...recordIds])], limit: AUDIT_EXPORT_LIMIT })).map(
        ({ at, action, entity, entityId, actorId, actorRole, fields }) => ({ at, action, entity, entityId, actorId, actorRole, fields }),
      );
      return { patientId, generatedAt: new Date(), processing: await this.documents.currentOfEveryKind(em), data, accessLog };
    });
  }

  async restrict(actor: Actor, patientId: string, dto: RestrictPatientDto): Promise<RestrictionView> {
    return this.dataSource.transaction(async (em) => {
      await this.patients.findVisible(actor, patientId, em);
      const restricted = !dto.lift;
      await this.patients.setRestricted(em, patientId, restricted);
      await this.audit.record(
        actor,
        { action: restricted ? 'patient.restricted' : 'patient.restriction_lifted', entity: 'patient', entityId: patientId, fields: [dto.reason] },
        em,
      );
      return { patientId, restricted };
    });
  }

  async erase(actor: Actor, patientId: string, dto: ErasePatientDto): Promise<ErasureView> {
    return this.dataSource.transaction(async (em) => {
      await this.privacy.lockSubject(patientId, em);
      const patient = await this.patients.findVisible(actor, patientId, em);
      if (patient.anonymizedAt) throw conflict('This person’s data was already erased');
      const cautions = (await Promise.all(this.registry.all().map((s) => s.erasureCaution?.(em, patientId) ?? null))).filter((c): c is string => c !== null);
      if (cautions.length && !dto.acknowledgeCautions) {
        throw conflict(`Check before erasing: ${cautions.join('; ')}. Send acknowledgeCautions: true to erase anyway`, { cautions });
      }
      return this.eraseIn(em, patientId, dto.reason, dto.subjectRequestId ?? null, { actor });
    });
  }

  /**
   * The periodic purge: people whose personal-data consent was withdrawn longer ago than the configured delay,
   * then every registered retention rule, then destruction records past their three years. Idempotent.
   */
  async purge(now = new Date()): Promise<{ withdrawn: number; retention: number }> {
    const cutoff = new Date(now.getTime() - this.config.privacy.withdrawnPurgeDelayHours * 3600_000);
    const withdrawn = await this.eraseEach(
      (limit) => this.consents.patientsDueForPurge(cutoff, limit),
      // Someone may have erased the person meanwhile.
      async (em, patientId) => !(await this.patients.findVisible(SYSTEM_READER, patientId, em)).anonymizedAt,
      'consent_withdrawn',
    );
    let retention = 0;
    for (const rule of this.registry.retentionRules()) retention += await rule.purge(now);
    await this.privacy.deleteExpiredDestructionLog(now, this.dataSource.manager);
    if (withdrawn || retention) this.logger.log({ withdrawn, retention }, 'personal data purged');
    return { withdrawn, retention };
  }

  /**
   * Erases, batch after batch, the people `due` lists, each in a transaction of their own once `stillDue` confirms it
   * under the person's erasure lock. Returns how many were erased.
   */
  private async eraseEach(
    due: (limit: number) => Promise<string[]>,
    stillDue: (em: EntityManager, patientId: string) => Promise<boolean>,
    reason: DestructionReason,
  ): Promise<number> {
    let erased = 0;
    const done = new Set<string>();
    for (;;) {
      const batch = (await due(PURGE_BATCH)).filter((id) => !done.has(id));
      for (const patientId of batch) {
        const ok = await this.dataSource.transaction(async (em) => {
          await this.privacy.lockSubject(patientId, em);
          if (!(await stillDue(em, patientId))) return false;
          await this.eraseIn(em, patientId, reason, null, { system: PURGE_JOB });
          return true;
        });
        done.add(patientId);
        if (ok) erased += 1;
      }
      if (batch.length < PURGE_BATCH) return erased;
    }
  }

  /** Anonymizes every registered table's rows about the patient and writes the destruction record. */
  private async eraseIn(em: EntityManager, patientId: string, reason: DestructionReason, subjectRequestId: string | null, by: Performer): Promise<ErasureView> {
    await this.privacy.beginErasure(patientId, em);
    const tables: Record<string, number> = {};
    const categories: string[] = [];
    for (const source of this.registry.all()) {
      tables[source.table] = await source.erase(em, patientId);
      categories.push(source.category);
    }
    await this.privacy.endErasure(em);
    const rowsAnonymized = Object.values(tables).reduce((sum, n) => sum + n, 0);
    const log = await this.privacy.insertDestructionLog(
      {
        patientId,
        reason,
        categories,
        tables: Object.keys(tables),
        rowsAnonymized,
        subjectRequestId,
        performedBy: 'actor' in by ? by.actor.id : null,
      },
      em,
    );
    const entry = { action: 'patient.erased', entity: 'patient', entityId: patientId, fields: Object.keys(tables) };
    if ('actor' in by) await this.audit.record(by.actor, entry, em);
    else await this.audit.recordAnonymous({ actorRole: 'system', requestId: by.system }, entry, em);
    await this.events.emit('patient.erased', { patientId, subjectRequestId, actorId: 'actor' in by ? by.actor.id : null }, em);
    return { patientId, destructionLogId: log.id, erasedAt: log.performedAt, tables };
  }
}
