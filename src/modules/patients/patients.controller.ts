import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { CreatePatientDto, PatientPage, PatientView, SearchPatientsQuery, UpdatePatientDto } from './dto/patient.dto.js';
import { PatientsService } from './patients.service.js';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @ApiOperation({ summary: 'Find patients by name or phone' })
  @Get()
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: PatientPage })
  search(@CurrentActor() actor: Actor, @Query() query: SearchPatientsQuery): Promise<PatientPage> {
    return this.patients.search(actor, query);
  }

  @ApiOperation({ summary: 'Register a patient' })
  @Post()
  @Roles('operator', 'receptionist', 'manager')
  @ApiCreatedResponse({ type: PatientView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePatientDto): Promise<PatientView> {
    return this.patients.create(actor, dto);
  }

  @ApiOperation({ summary: 'Update a patient' })
  @Patch(':id')
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: PatientView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdatePatientDto): Promise<PatientView> {
    return this.patients.update(actor, id, dto);
  }
}
