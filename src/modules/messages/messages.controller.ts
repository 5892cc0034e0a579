import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { ConversationsService } from './conversations.service.js';
import {
  ListMessagesQuery,
  MessageConsentDto,
  MessageConsentView,
  MessagePage,
  MessageView,
  OptOutDto,
  OptOutView,
  ReplyDto,
  RetryMessageDto,
  SendMessageDto,
  ThreadQuery,
  ThreadView,
} from './dto/message.dto.js';

const SENT = 'Queued: the message goes out within seconds; watch `message.status` events or the thread for sent / delivered / failed.';

/** The conversation with a person on the lead and patient card. */
@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessagesController {
  constructor(private readonly conversations: ConversationsService) {}

  @ApiOperation({ summary: 'List a lead’s messages' })
  @Get('leads/:id/messages')
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: ThreadView, description: 'The person’s whole thread, newest first' })
  leadThread(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() query: ThreadQuery): Promise<ThreadView> {
    return this.conversations.leadThread(actor, id, query);
  }

  @ApiOperation({ summary: 'Send a message on a lead' })
  @Post('leads/:id/messages')
  @Roles('operator', 'manager')
  @ApiCreatedResponse({ type: MessageView, description: `${SENT} The first reply that goes out is the lead’s first contact.` })
  sendOnLead(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SendMessageDto): Promise<MessageView> {
    return this.conversations.sendOnLead(actor, id, dto);
  }

  @ApiOperation({ summary: 'List a patient’s messages' })
  @Get('patients/:id/messages')
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: ThreadView })
  patientThread(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() query: ThreadQuery): Promise<ThreadView> {
    return this.conversations.patientThread(actor, id, query);
  }

  @ApiOperation({ summary: 'Send a message to a patient' })
  @Post('patients/:id/messages')
  @Roles('operator', 'receptionist', 'manager')
  @ApiCreatedResponse({ type: MessageView, description: SENT })
  sendToPatient(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SendMessageDto): Promise<MessageView> {
    return this.conversations.sendToPatient(actor, id, dto);
  }

  @ApiOperation({ summary: 'Record a patient’s opt-out from messages' })
  @Post('patients/:id/messages/opt-out')
  @Roles('operator', 'receptionist', 'manager')
  @HttpCode(200)
  @ApiOkResponse({
    type: OptOutView,
    description: 'Opted out: no confirmations, reminders, feedback requests, recalls or marketing; answers to the person’s own messages still go',
  })
  optOut(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: OptOutDto): Promise<OptOutView> {
    return this.conversations.setOptOut(actor, id, dto);
  }

  @ApiOperation({ summary: 'List messages' })
  @Get('messages')
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({
    type: MessagePage,
    description: 'Messages of your branches, newest first: e.g. `status=failed`, or `unlinked=true` for public comments of people not known yet',
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListMessagesQuery): Promise<MessagePage> {
    return this.conversations.list(actor, query);
  }

  @ApiOperation({ summary: 'Get a message' })
  @Get('messages/:id')
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: MessageView })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<MessageView> {
    return this.conversations.get(actor, id);
  }

  @ApiOperation({ summary: 'Reply to a message' })
  @Post('messages/:id/reply')
  @Roles('operator', 'receptionist', 'manager')
  @ApiCreatedResponse({ type: MessageView, description: `${SENT} A public comment is answered under it (VK wall.createComment, photos/board comments).` })
  reply(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReplyDto): Promise<MessageView> {
    return this.conversations.reply(actor, id, dto);
  }

  @ApiOperation({ summary: 'Retry sending a failed message' })
  @Post('messages/:id/retry')
  @Roles('operator', 'receptionist', 'manager')
  @HttpCode(200)
  @ApiBody({ type: RetryMessageDto, required: false })
  @ApiOkResponse({
    type: MessageView,
    description: 'A failed or withdrawn message is queued again with fresh attempts (consent, opt-out and quiet hours are checked again)',
  })
  retry(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() _dto: RetryMessageDto): Promise<MessageView> {
    return this.conversations.retry(actor, id);
  }

  @ApiOperation({ summary: 'Record consent given in the conversation' })
  @Post('messages/:id/consent')
  @Roles('operator', 'receptionist', 'manager')
  @ApiCreatedResponse({
    type: MessageConsentView,
    description: 'Consent the person gave in the conversation (channel messenger), with this message as the evidence',
  })
  consent(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: MessageConsentDto): Promise<MessageConsentView> {
    return this.conversations.consent(actor, id, dto);
  }
}
