import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import {
  CalendarQuery,
  CompleteSubjectRequestDto,
  CreateSubjectRequestDto,
  ExtendSubjectRequestDto,
  ListSubjectRequestsQuery,
  NonWorkingDayList,
  NonWorkingDayParam,
  NonWorkingDayView,
  PutNonWorkingDayDto,
  SubjectRequestPage,
  SubjectRequestView,
} from './dto/subject-request.dto.js';
import { SubjectRequestsService } from './subject-requests.service.js';

@ApiTags('subject requests')
@ApiBearerAuth()
@Controller('subject-requests')
export class SubjectRequestsController {
  constructor(private readonly requests: SubjectRequestsService) {}

  @ApiOperation({ summary: 'Register a subject request' })
  @Post()
  @Roles('manager')
  @ApiCreatedResponse({ type: SubjectRequestView, description: 'dueAt is counted in working days from the day after receipt' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSubjectRequestDto): Promise<SubjectRequestView> {
    return this.requests.create(actor, dto);
  }

  @ApiOperation({ summary: 'List subject requests' })
  @Get()
  @Roles('manager')
  @ApiOkResponse({ type: SubjectRequestPage })
  list(@CurrentActor() actor: Actor, @Query() query: ListSubjectRequestsQuery): Promise<SubjectRequestPage> {
    return this.requests.list(actor, query);
  }

  @ApiOperation({ summary: 'Get a subject request' })
  @Get(':id')
  @Roles('manager')
  @ApiOkResponse({ type: SubjectRequestView })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<SubjectRequestView> {
    return this.requests.get(actor, id);
  }

  @ApiOperation({ summary: 'Extend a subject request’s deadline' })
  @Post(':id/extend')
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: SubjectRequestView, description: 'Access requests only, once, by 5 working days' })
  extend(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ExtendSubjectRequestDto): Promise<SubjectRequestView> {
    return this.requests.extend(actor, id, dto);
  }

  @ApiOperation({ summary: 'Complete a subject request' })
  @Post(':id/complete')
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: SubjectRequestView })
  complete(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CompleteSubjectRequestDto): Promise<SubjectRequestView> {
    return this.requests.complete(actor, id, dto);
  }
}

/** The working-day calendar: weekdays off and transferred working weekend days. */
@ApiTags('subject requests')
@ApiBearerAuth()
@Controller('non-working-days')
export class NonWorkingDaysController {
  constructor(private readonly requests: SubjectRequestsService) {}

  @ApiOperation({ summary: 'List non-working days of a year' })
  @Get()
  @Roles('manager')
  @ApiOkResponse({ type: NonWorkingDayList })
  async list(@Query() query: CalendarQuery): Promise<NonWorkingDayList> {
    return { data: await this.requests.listDays(Number(query.year)) };
  }

  @ApiOperation({ summary: 'Mark a day as non-working' })
  @Put(':day')
  @Roles()
  @ApiOkResponse({ type: NonWorkingDayView })
  put(@CurrentActor() actor: Actor, @Param() { day }: NonWorkingDayParam, @Body() dto: PutNonWorkingDayDto): Promise<NonWorkingDayView> {
    return this.requests.putDay(actor, day, dto);
  }

  @ApiOperation({ summary: 'Unmark a non-working day' })
  @Delete(':day')
  @Roles()
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: Actor, @Param() { day }: NonWorkingDayParam): Promise<void> {
    await this.requests.deleteDay(actor, day);
  }
}
