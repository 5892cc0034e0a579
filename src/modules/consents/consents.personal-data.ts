import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConsentsRepository } from './consents.repository.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { toView } from './consents.service.js';

/** Registers the personal data this module keeps: consents and their evidence. */
@Injectable()
export class ConsentsPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly consents: ConsentsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      table: 'consents',
      category: 'consents given and their evidence: IP address, browser, form page, notes',
      personalColumns: ['ip', 'user_agent', 'form_url', 'note'],
      export: async (em, patientId) => (await this.consents.listForPatient(patientId, em)).map(toView),
      erase: (em, patientId) => this.consents.eraseConsents(patientId, em),
    });
    this.registry.register({
      table: 'consent_events',
      category: 'consent withdrawals and their evidence',
      personalColumns: ['ip', 'user_agent', 'note'],
      export: (em, patientId) => this.consents.exportEvents(patientId, em),
      erase: (em, patientId) => this.consents.eraseEvents(patientId, em),
    });
    this.registry.exempt({
      table: 'consent_documents',
      columns: ['operator_name', 'operator_address'],
      reason: 'the clinic’s own name and address as the data operator',
    });
  }
}
