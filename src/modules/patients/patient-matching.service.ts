import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { conflict, validationFailed } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { namesCompatible } from './patient-matching.js';
import { PatientLinksRepository } from './patient-links.repository.js';
import { PatientsRepository } from './patients.repository.js';
import { PatientsService } from './patients.service.js';

export interface InquiryContact {
  /**
   * The full name as the person wrote it in one field: stored whole, as given (no guessing which word is the last
   * name: "Иванова Анна Сергеевна" and "Anna Ivanova" come in either order).
   */
  name?: string | null;
  /** When the form asks for them separately (online booking, VK lead forms, Telegram, forms with separate fields). */
  lastName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
  /** E.164. */
  phone?: string | null;
  email?: string | null;
}

export interface MatchedPatient {
  patientId: string;
  /** An existing patient was recognised: the inquiry comes from a returning patient. */
  returning: boolean;
}

/**
 * Links inquiries to patients. An exact phone match with a compatible name reuses the patient; a phone match
 * with another name creates a new patient and a duplicate suggestion for a manager. Nothing merges by itself.
 */
@Injectable()
export class PatientMatchingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsRepository,
    private readonly links: PatientLinksRepository,
    private readonly people: PatientsService,
    private readonly audit: AuditService,
  ) {}

  async matchOrCreate(em: EntityManager, contact: InquiryContact, knownPatientId?: string): Promise<MatchedPatient> {
    const [matched] = await this.matchOrCreateMany(em, [{ contact, knownPatientId }]);
    return matched!;
  }

  /**
   * matchOrCreate for several inquiries at once, decided in their order as if they came one by one (a second
   * inquiry from a new number finds the patient the first one created). The numbers are locked together, in one
   * fixed order; new patients and duplicate suggestions are written with one statement each.
   */
  async matchOrCreateMany(em: EntityManager, inquiries: Array<{ contact: InquiryContact; knownPatientId?: string; at?: Date }>): Promise<MatchedPatient[]> {
    const phones = [...new Set(inquiries.filter((i) => !i.knownPatientId && i.contact.phone).map((i) => i.contact.phone!))];
    const byPhone = new Map<string, Array<{ id: string; name: string }>>();
    if (phones.length) {
      for (const p of await this.links.lockPhones(phones, em)) byPhone.set(p.phone, [...(byPhone.get(p.phone) ?? []), p]);
    }
    const created: Parameters<PatientsRepository['insertMany']>[0] = [];
    const suggestions: Array<{ patientId: string; candidateIds: string[] }> = [];
    const matched = inquiries.map(({ contact, knownPatientId, at }): MatchedPatient => {
      if (knownPatientId) return { patientId: knownPatientId, returning: true };
      const samePhone = contact.phone ? (byPhone.get(contact.phone) ?? []) : [];
      const apart = Boolean(contact.lastName || contact.firstName || contact.middleName);
      const fullName = apart ? [contact.lastName, contact.firstName, contact.middleName].filter(Boolean).join(' ') : contact.name;
      const match = samePhone.find((p) => namesCompatible(fullName, p.name));
      if (match) return { patientId: match.id, returning: true };
      // A name given in one field is kept whole (in the first-name field, which greetings use); parts only when sent apart.
      const patient = {
        id: randomUUID(),
        lastName: (apart && contact.lastName?.slice(0, 100)) || null,
        firstName: (apart ? contact.firstName : contact.name)?.slice(0, 100) || null,
        middleName: (apart && contact.middleName?.slice(0, 100)) || null,
        phone: contact.phone ?? null,
        email: contact.email ?? null,
        createdAt: at,
      };
      created.push(patient);
      if (samePhone.length) suggestions.push({ patientId: patient.id, candidateIds: samePhone.map((p) => p.id) });
      if (contact.phone)
        byPhone.set(contact.phone, [
          ...samePhone,
          { id: patient.id, name: [patient.lastName, patient.firstName, patient.middleName].filter((n) => n !== null).join(' ') },
        ]);
      return { patientId: patient.id, returning: false };
    });
    await this.patients.insertMany(created, em);
    await this.links.suggestMany(suggestions, 'same_phone', em);
    return matched;
  }

  /** Living patients with this phone, oldest first; matching for this phone waits for the caller's transaction. */
  findByPhone(em: EntityManager, phone: string): Promise<{ id: string; name: string; restricted: boolean }[]> {
    return this.samePhone(phone, em);
  }

  async duplicates(actor: Actor, patientId: string) {
    await this.people.findVisible(actor, patientId);
    const rows = await this.links.duplicatesOf(patientId);
    await this.audit.record(actor, { action: 'patient.duplicates_viewed', entity: 'patient', entityId: patientId }, this.dataSource.manager);
    return rows;
  }

  /**
   * Moves everything that belongs to `mergedId` (leads, calls, appointments…) to `keptId`. The merged record stays,
   * pointing at the kept one, and the moved row ids are recorded so the merge can be traced and undone.
   */
  async merge(actor: Actor, mergedId: string, keptId: string): Promise<{ mergeId: string; moved: Record<string, number> }> {
    if (mergedId === keptId)
      throw validationFailed('A patient cannot be merged into itself', [{ field: 'intoPatientId', messages: ['must be another patient'] }]);
    return this.dataSource.transaction(async (em) => {
      // One connection per transaction: these run one after the other.
      const merged = await this.people.findVisible(actor, mergedId, em);
      const kept = await this.people.findVisible(actor, keptId, em);
      if (merged.anonymizedAt || kept.anonymizedAt) throw conflict('An erased patient cannot be merged');
      if (merged.mergedIntoId || kept.mergedIntoId) {
        throw conflict('One of these patients was already merged into another');
      }
      const moved: Record<string, string[]> = {};
      for (const { table, column } of await this.links.referencingColumns(em)) {
        const ids = await this.links.moveRows(table, column, mergedId, keptId, em);
        if (ids.length) moved[`${table}.${column}`] = ids;
      }
      await this.links.markMerged(mergedId, keptId, em);
      const mergeId = await this.links.recordMerge(keptId, mergedId, actor.id, moved, em);
      await this.audit.record(actor, { action: 'patient.merged', entity: 'patient', entityId: mergedId, fields: Object.keys(moved) }, em);
      return { mergeId, moved: Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, v.length])) };
    });
  }

  private async samePhone(phone: string, em: EntityManager) {
    return (await this.links.lockPhones([phone], em)).map(({ id, name, restricted }) => ({ id, name, restricted }));
  }
}
