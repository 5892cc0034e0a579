import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { LeadsRepository } from './leads.repository.js';

/** Registers what leads keep about a person (their messages and messenger identity) for export and erasure. */
@Injectable()
export class LeadsPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly leads: LeadsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      table: 'leads',
      category: 'inquiries: messages, notes, messenger identity, the page the inquiry came from',
      personalColumns: ['message', 'notes', 'referrer', 'landing_url', 'messenger_user_id', 'messenger_username', 'lost_reason'],
      export: (em, patientId) => this.leads.exportForPatient(patientId, em),
      erase: (em, patientId) => this.leads.eraseForPatient(patientId, em),
    });
    this.registry.exempt({ table: 'intake_sources', columns: ['name'], reason: 'the name of a website form, bot or phone line' });
  }
}
