import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../modules/auth/auth.module.js';
import { EventsRepository } from './events.repository.js';
import { EventsRetention } from './events-retention.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { PresenceController } from './presence/presence.controller.js';
import { PresenceRepository } from './presence/presence.repository.js';
import { PresenceService } from './presence/presence.service.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { SessionRevocations } from './session-revocations.js';

/** Real-time delivery: the outbox services write to, the relay that reads it, the socket gateway, and presence. */
@Global()
@Module({
  imports: [AuthModule],
  controllers: [PresenceController],
  providers: [Outbox, EventsRepository, EventsRetention, OutboxRelay, RealtimeGateway, SessionRevocations, PresenceRepository, PresenceService],
  exports: [Outbox, PresenceService],
})
export class RealtimeModule {}
