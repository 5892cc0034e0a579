import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { AppointmentsService } from './appointments.service.js';
import {
  AppointmentPage,
  AppointmentView,
  CancelAppointmentDto,
  ChangeStatusDto,
  CreateAppointmentDto,
  ListAppointmentsQuery,
  MoveAppointmentDto,
} from './dto/appointment.dto.js';

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @ApiOperation({ summary: 'List appointments (the board)' })
  @Get()
  @Roles('receptionist', 'operator', 'manager')
  @ApiOkResponse({ type: AppointmentPage })
  list(@CurrentActor() actor: Actor, @Query() query: ListAppointmentsQuery): Promise<AppointmentPage> {
    return this.appointments.list(actor, query);
  }

  @ApiOperation({ summary: 'Get an appointment' })
  @Get(':id')
  @Roles('receptionist', 'operator', 'manager')
  @ApiOkResponse({ type: AppointmentView })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<AppointmentView> {
    return this.appointments.get(actor, id);
  }

  @ApiOperation({ summary: 'Book an appointment' })
  @Post()
  @Roles('receptionist', 'operator', 'manager')
  @ApiCreatedResponse({ type: AppointmentView })
  @ApiConflictResponse({ description: 'SLOT_TAKEN: the doctor already has an appointment overlapping that time' })
  @ApiUnprocessableEntityResponse({ description: 'OUTSIDE_WORKING_HOURS, or the doctor does not provide the service' })
  book(@CurrentActor() actor: Actor, @Body() dto: CreateAppointmentDto): Promise<AppointmentView> {
    return this.appointments.book(actor, dto);
  }

  /** Moves the appointment (time, doctor, service, branch) or edits its note. */
  @ApiOperation({ summary: 'Move an appointment or edit its note' })
  @Patch(':id')
  @Roles('receptionist', 'operator', 'manager')
  @ApiOkResponse({ type: AppointmentView })
  @ApiConflictResponse({ description: 'SLOT_TAKEN, or CONFLICT when the appointment can no longer move' })
  move(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: MoveAppointmentDto): Promise<AppointmentView> {
    return this.appointments.move(actor, id, dto);
  }

  @ApiOperation({ summary: 'Cancel an appointment' })
  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('receptionist', 'operator', 'manager')
  @ApiOkResponse({ type: AppointmentView })
  cancel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CancelAppointmentDto): Promise<AppointmentView> {
    return this.appointments.cancel(actor, id, dto.reason);
  }

  /** confirmed, arrived, completed or no_show; other transitions are 409. */
  @ApiOperation({ summary: 'Change an appointment’s status' })
  @Post(':id/status')
  @HttpCode(200)
  @Roles('receptionist', 'operator', 'manager')
  @ApiOkResponse({ type: AppointmentView })
  setStatus(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ChangeStatusDto): Promise<AppointmentView> {
    return this.appointments.setStatus(actor, id, dto);
  }
}
