import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { IntakeInboxRepository } from './intake-inbox.repository.js';

/** Website forms that could not become leads are kept this long for someone to look into, then deleted. */
export const FAILED_FORMS_KEPT_DAYS = 30;

/**
 * Forms wait in the intake inbox for milliseconds; one that cannot become a lead stays there with the reason (so that
 * nothing is lost silently), but not for ever: the privacy purge deletes it after FAILED_FORMS_KEPT_DAYS.
 */
@Injectable()
export class IntakeInboxPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly inbox: IntakeInboxRepository,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.addRetentionRule({
      name: 'failed_web_forms',
      purge: (now) => this.inbox.deleteFailedBefore(new Date(now.getTime() - FAILED_FORMS_KEPT_DAYS * 86_400_000), this.dataSource.manager),
    });
  }
}
