import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { DoctorsModule } from '../doctors/doctors.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { SchedulesModule } from '../schedules/schedules.module.js';
import { AppointmentMessagesService } from './appointment-messages.service.js';
import { ChannelAccounts } from './channel-accounts.js';
import { ConversationsService } from './conversations.service.js';
import { FeedbackRepository } from './feedback.repository.js';
import { FeedbackService } from './feedback.service.js';
import { InboundService } from './inbound.service.js';
import { MessageDispatcher } from './message-dispatcher.js';
import { MessagesController } from './messages.controller.js';
import { MessagesPersonalData } from './messages.personal-data.js';
import { MessageQueueRepository } from './message-queue.repository.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagingSettingsController } from './messaging-settings.controller.js';
import { MessagingSettingsRepository } from './messaging-settings.repository.js';
import { MessagingSettingsService } from './messaging-settings.service.js';
import { OptOutsRepository } from './opt-outs.repository.js';
import { OutboundService } from './outbound.service.js';
import { Providers } from './providers/providers.js';
import { PublicMessagesController } from './public-messages.controller.js';
import { PublicMessagesService } from './public-messages.service.js';
import { RecallService } from './recall.service.js';
import { RecallsRepository } from './recalls.repository.js';

/**
 * Talking back to patients: threads of inbound and outbound messages, one delivery path (queue, dispatcher, providers
 * for Telegram, VK, SMS.ru and SMTP), confirmations, reminders, feedback and recall. Intake hands messenger events
 * to InboundService and plugs its sources' accounts into ChannelAccounts.
 */
@Module({
  imports: [BranchesModule, ConsentsModule, DoctorsModule, LeadsModule, PatientsModule, SchedulesModule],
  controllers: [MessagesController, MessagingSettingsController, PublicMessagesController],
  providers: [
    MessagesRepository,
    MessageQueueRepository,
    OptOutsRepository,
    MessagingSettingsRepository,
    FeedbackRepository,
    RecallsRepository,
    Providers,
    ChannelAccounts,
    OutboundService,
    MessagingSettingsService,
    MessageDispatcher,
    InboundService,
    ConversationsService,
    FeedbackService,
    RecallService,
    AppointmentMessagesService,
    PublicMessagesService,
    MessagesPersonalData,
  ],
  exports: [InboundService, ChannelAccounts, MessageDispatcher],
})
export class MessagesModule {}
