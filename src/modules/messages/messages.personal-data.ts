import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { MessagesRepository } from './messages.repository.js';

/** Message texts and addresses are personal data: in the access export, and gone on erasure (the rows stay for counts). */
@Injectable()
export class MessagesPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly messages: MessagesRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      table: 'messages',
      category: 'messages exchanged with the person: texts, phone, e-mail and messenger ids they went to or came from',
      personalColumns: ['body', 'address', 'external_user_id', 'external_ref'],
      export: (em, patientId) => this.messages.exportForPatient(patientId, em),
      erase: (em, patientId) => this.messages.eraseForPatient(patientId, em),
    });
    this.registry.exempt({ table: 'messaging_settings', columns: ['clinic_name'], reason: 'the clinic’s own name as its messages show it' });
  }
}
