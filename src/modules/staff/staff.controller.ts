import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { CreateStaffDto, ListStaffQuery, StaffPage, StaffView, UpdateStaffDto } from './dto/staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @ApiOperation({ summary: 'List staff members' })
  @Get()
  @Roles('manager')
  @ApiOkResponse({ type: StaffPage })
  list(@Query() query: ListStaffQuery): Promise<StaffPage> {
    return this.staff.list(query);
  }

  @ApiOperation({ summary: 'Get a staff member' })
  @Get(':id')
  @Roles('manager')
  @ApiOkResponse({ type: StaffView })
  get(@Param() { id }: IdParam): Promise<StaffView> {
    return this.staff.get(id);
  }

  @ApiOperation({ summary: 'Create a staff member' })
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: StaffView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(actor, dto);
  }

  @ApiOperation({ summary: 'Update a staff member' })
  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: StaffView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateStaffDto): Promise<StaffView> {
    return this.staff.update(actor, id, dto);
  }
}
