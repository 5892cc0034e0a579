import { Body, Controller, Delete, Get, Param, ParseArrayPipe, Post, Put, Query, type ValidationError } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ALL_STAFF, Roles } from '../../common/auth/roles.js';
import { AppError } from '../../common/errors/app-error.js';
import { IdParam } from '../../common/http/transforms.js';
import {
  CreateScheduleExceptionDto,
  ListScheduleExceptionsQuery,
  ScheduleExceptionList,
  ScheduleExceptionParams,
  ScheduleExceptionView,
  WorkingHoursDto,
  WorkingHoursList,
} from './dto/schedule.dto.js';
import { SchedulesService } from './schedules.service.js';

const workingHoursBody = new ParseArrayPipe({
  items: WorkingHoursDto,
  whitelist: true,
  forbidNonWhitelisted: true,
  // Called with a message when the body is not an array, with validation errors otherwise.
  exceptionFactory: (errors: unknown) =>
    new AppError(
      'VALIDATION_FAILED',
      'Some fields are missing or invalid',
      Array.isArray(errors) ? flatten(errors as ValidationError[]) : [{ field: 'body', messages: ['must be an array of working hours'] }],
    ),
});

@ApiTags('schedules')
@ApiBearerAuth()
@Controller('doctors/:id')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @ApiOperation({ summary: 'List a doctor’s working hours' })
  @Get('working-hours')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: WorkingHoursList })
  async listHours(@Param() { id }: IdParam): Promise<WorkingHoursList> {
    return { data: await this.schedules.listHours(id) };
  }

  /** Replaces the doctor's weekly hours with this set (local times of each branch). */
  @ApiOperation({ summary: 'Replace a doctor’s working hours' })
  @Put('working-hours')
  @Roles('manager')
  @ApiBody({ type: [WorkingHoursDto] })
  @ApiOkResponse({ type: WorkingHoursList })
  async replaceHours(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body(workingHoursBody) body: WorkingHoursDto[]): Promise<WorkingHoursList> {
    return { data: await this.schedules.replaceHours(actor, id, body) };
  }

  @ApiOperation({ summary: 'List a doctor’s schedule exceptions' })
  @Get('schedule-exceptions')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: ScheduleExceptionList })
  async listExceptions(@Param() { id }: IdParam, @Query() query: ListScheduleExceptionsQuery): Promise<ScheduleExceptionList> {
    return { data: await this.schedules.listExceptions(id, query) };
  }

  @ApiOperation({ summary: 'Add a schedule exception (time off or extra hours)' })
  @Post('schedule-exceptions')
  @Roles('manager', 'receptionist')
  @ApiCreatedResponse({ type: ScheduleExceptionView })
  createException(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CreateScheduleExceptionDto): Promise<ScheduleExceptionView> {
    return this.schedules.createException(actor, id, dto);
  }

  /** Removes the exception; answers with what was removed. */
  @ApiOperation({ summary: 'Delete a schedule exception' })
  @Delete('schedule-exceptions/:exceptionId')
  @Roles('manager', 'receptionist')
  @ApiOkResponse({ type: ScheduleExceptionView })
  deleteException(@CurrentActor() actor: Actor, @Param() { id, exceptionId }: ScheduleExceptionParams): Promise<ScheduleExceptionView> {
    return this.schedules.deleteException(actor, id, exceptionId);
  }
}

function flatten(errors: ValidationError[], parent = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
