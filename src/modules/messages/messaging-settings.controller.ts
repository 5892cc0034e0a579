import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { FeedbackPage, FeedbackView, FollowUpDto, ListFeedbackQuery } from './dto/feedback.dto.js';
import {
  BranchMessagingView,
  PutRecallRuleDto,
  PutTemplateDto,
  RecallRuleList,
  RecallRuleView,
  ServiceIdParam,
  TemplateList,
  TemplatesQuery,
  TemplateView,
  UpdateBranchMessagingDto,
} from './dto/messaging-settings.dto.js';
import { FeedbackService } from './feedback.service.js';
import { MessagingSettingsService } from './messaging-settings.service.js';

/** Messaging per branch (reminders, quiet hours, language, the clinic's name), templates, recall rules, and feedback. */
@ApiTags('messaging settings')
@ApiBearerAuth()
@Controller()
export class MessagingSettingsController {
  constructor(
    private readonly settings: MessagingSettingsService,
    private readonly feedback: FeedbackService,
  ) {}

  @ApiOperation({ summary: 'Get a branch’s messaging settings' })
  @Get('branches/:id/messaging')
  @Roles('manager')
  @ApiOkResponse({ type: BranchMessagingView })
  getBranch(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<BranchMessagingView> {
    return this.settings.get(actor, id);
  }

  @ApiOperation({ summary: 'Set a branch’s messaging settings' })
  @Put('branches/:id/messaging')
  @Roles('admin')
  @ApiOkResponse({ type: BranchMessagingView, description: 'Changes apply to messages written from now on; reminders already scheduled keep their times' })
  putBranch(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateBranchMessagingDto): Promise<BranchMessagingView> {
    return this.settings.update(actor, id, dto);
  }

  @ApiOperation({ summary: 'List message templates' })
  @Get('message-templates')
  @Roles('manager')
  @ApiOkResponse({ type: TemplateList })
  async templates(@Query() query: TemplatesQuery): Promise<TemplateList> {
    return { data: await this.settings.templates(query) };
  }

  @ApiOperation({ summary: 'Set a message template' })
  @Put('message-templates')
  @Roles('admin')
  @ApiOkResponse({ type: TemplateView, description: 'Saves the template of a purpose and language, for a branch or clinic-wide' })
  putTemplate(@CurrentActor() actor: Actor, @Body() dto: PutTemplateDto): Promise<TemplateView> {
    return this.settings.putTemplate(actor, dto);
  }

  @ApiOperation({ summary: 'Delete a message template' })
  @Delete('message-templates/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The clinic-wide template, or the built-in default, applies again' })
  deleteTemplate(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<void> {
    return this.settings.deleteTemplate(actor, id);
  }

  @ApiOperation({ summary: 'List recall rules' })
  @Get('recall-rules')
  @Roles('manager')
  @ApiOkResponse({ type: RecallRuleList })
  async recallRules(): Promise<RecallRuleList> {
    return { data: await this.settings.recallRules() };
  }

  @ApiOperation({ summary: 'Set a service’s recall rule' })
  @Put('recall-rules/:serviceId')
  @Roles('manager')
  @ApiOkResponse({ type: RecallRuleView, description: 'Patients who completed a visit of this service are due back after the interval' })
  putRecallRule(@CurrentActor() actor: Actor, @Param() { serviceId }: ServiceIdParam, @Body() dto: PutRecallRuleDto): Promise<RecallRuleView> {
    return this.settings.putRecallRule(actor, serviceId, dto);
  }

  @ApiOperation({ summary: 'Delete a service’s recall rule' })
  @Delete('recall-rules/:serviceId')
  @Roles('manager')
  @HttpCode(204)
  @ApiNoContentResponse()
  deleteRecallRule(@CurrentActor() actor: Actor, @Param() { serviceId }: ServiceIdParam): Promise<void> {
    return this.settings.deleteRecallRule(actor, serviceId);
  }

  @ApiOperation({ summary: 'List patients’ feedback' })
  @Get('feedback')
  @Roles('manager')
  @ApiOkResponse({ type: FeedbackPage, description: 'Ratings of visits, newest first; `followUp=open`: low ratings waiting for a manager' })
  listFeedback(@CurrentActor() actor: Actor, @Query() query: ListFeedbackQuery): Promise<FeedbackPage> {
    return this.feedback.list(actor, query);
  }

  @ApiOperation({ summary: 'Close the follow-up of a low rating' })
  @Post('feedback/:id/follow-up')
  @Roles('manager')
  @ApiOkResponse({ type: FeedbackView, description: 'Closes the follow-up of a low rating, with what was done' })
  @HttpCode(200)
  followUp(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: FollowUpDto): Promise<FeedbackView> {
    return this.feedback.followUp(actor, id, dto);
  }
}
