import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { PrivacyRepository } from './privacy.repository.js';

/** Registers the real-time notifications about a person that staff screens were sent, kept for replay. */
@Injectable()
export class PrivacyPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly privacy: PrivacyRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      table: 'events',
      category: 'notifications shown to staff about the person',
      personalColumns: ['payload'],
      export: (em, patientId) => this.privacy.exportEvents(patientId, em),
      erase: (em, patientId) => this.privacy.eraseEvents(patientId, em),
    });
  }
}
