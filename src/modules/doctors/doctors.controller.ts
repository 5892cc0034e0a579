import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ALL_STAFF, Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { DoctorsService } from './doctors.service.js';
import { CreateDoctorDto, DoctorPage, DoctorView, ListDoctorsQuery, ReplaceDoctorServicesDto, UpdateDoctorDto } from './dto/doctor.dto.js';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('doctors')
export class DoctorsController {
  constructor(private readonly doctors: DoctorsService) {}

  @ApiOperation({ summary: 'List doctors' })
  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: DoctorPage })
  list(@Query() query: ListDoctorsQuery): Promise<DoctorPage> {
    return this.doctors.list(query);
  }

  @ApiOperation({ summary: 'Get a doctor' })
  @Get(':id')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: DoctorView })
  get(@Param() { id }: IdParam): Promise<DoctorView> {
    return this.doctors.get(id);
  }

  @ApiOperation({ summary: 'Create a doctor' })
  @Post()
  @Roles('manager')
  @ApiCreatedResponse({ type: DoctorView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDoctorDto): Promise<DoctorView> {
    return this.doctors.create(actor, dto);
  }

  @ApiOperation({ summary: 'Update a doctor' })
  @Patch(':id')
  @Roles('manager')
  @ApiOkResponse({ type: DoctorView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateDoctorDto): Promise<DoctorView> {
    return this.doctors.update(actor, id, dto);
  }

  /** Replaces the services the doctor provides, with optional per-doctor price and duration. */
  @ApiOperation({ summary: 'Replace the services a doctor provides' })
  @Put(':id/services')
  @Roles('manager')
  @ApiOkResponse({ type: DoctorView })
  replaceServices(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReplaceDoctorServicesDto): Promise<DoctorView> {
    return this.doctors.replaceServices(actor, id, dto);
  }
}
