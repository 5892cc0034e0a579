import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '../consents/personal-data/personal-data.registry.js';
import { CallReviewsRepository } from './call-reviews.repository.js';
import { CallbacksRepository } from './callbacks.repository.js';
import { CallsRepository } from './calls.repository.js';

/** Registers what calls and callbacks keep about a person (numbers, notes, recordings) for export and erasure. */
@Injectable()
export class CallsPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly calls: CallsRepository,
    private readonly callbacks: CallbacksRepository,
    private readonly reviews: CallReviewsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      table: 'calls',
      category: 'calls: phone numbers, what was said (operator notes), call recordings',
      personalColumns: ['phone', 'note', 'recording_url'],
      export: (em, patientId) => this.calls.exportForPatient(patientId, em),
      erase: (em, patientId) => this.calls.eraseForPatient(patientId, em),
    });
    this.registry.register({
      table: 'callbacks',
      category: 'promised callbacks: when and what about',
      personalColumns: ['note'],
      export: (em, patientId) => this.callbacks.exportForPatient(patientId, em),
      erase: (em, patientId) => this.callbacks.eraseForPatient(patientId, em),
    });
    this.registry.register({
      table: 'call_reviews',
      category: 'reviews of calls with the person (staff training): the reviewer’s comment',
      personalColumns: ['comment'],
      export: (em, patientId) => this.reviews.exportForPatient(patientId, em),
      erase: (em, patientId) => this.reviews.eraseForPatient(patientId, em),
    });
  }
}
