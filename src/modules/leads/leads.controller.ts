import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { AssignLeadDto, CreateLeadDto, LeadPage, LeadView, ListLeadsQuery, UpdateLeadDto } from './dto/lead.dto.js';
import { LeadAssignment } from './lead-assignment.js';
import { toLeadView } from './lead-view.js';
import { LeadsService } from './leads.service.js';

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly assignment: LeadAssignment,
  ) {}

  @ApiOperation({ summary: 'List leads' })
  @Get()
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: LeadPage })
  list(@CurrentActor() actor: Actor, @Query() query: ListLeadsQuery): Promise<LeadPage> {
    return this.leads.list(actor, query);
  }

  @ApiOperation({ summary: 'Get a lead' })
  @Get(':id')
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: LeadView })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<LeadView> {
    return this.leads.get(actor, id);
  }

  @ApiOperation({ summary: 'Enter a lead' })
  @Post()
  @Roles('operator', 'receptionist', 'manager')
  @ApiCreatedResponse({ type: LeadView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateLeadDto): Promise<LeadView> {
    return this.leads.create(actor, dto);
  }

  @ApiOperation({ summary: 'Update a lead' })
  @Patch(':id')
  @Roles('operator', 'manager')
  @ApiOkResponse({ type: LeadView })
  @ApiConflictResponse({ description: 'The status change is not allowed from the current status' })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateLeadDto): Promise<LeadView> {
    return this.leads.update(actor, id, dto);
  }

  @ApiOperation({ summary: 'Claim a lead' })
  @Post(':id/claim')
  @Roles('operator')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadView })
  @ApiConflictResponse({ description: 'LEAD_ALREADY_CLAIMED: another operator was first' })
  async claim(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<LeadView> {
    return toLeadView(await this.assignment.claim(actor, id));
  }

  @ApiOperation({ summary: 'Release a claimed lead' })
  @Post(':id/release')
  @Roles('operator', 'manager')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadView })
  async release(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<LeadView> {
    return toLeadView(await this.assignment.release(actor, id));
  }

  @ApiOperation({ summary: 'Assign a lead to an operator' })
  @Post(':id/assign')
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadView })
  async assign(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AssignLeadDto): Promise<LeadView> {
    return toLeadView(await this.assignment.assign(actor, id, dto.operatorId));
  }
}
