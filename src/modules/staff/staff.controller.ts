import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  @Get()
  @Roles('manager')
  @ApiOkResponse({ type: StaffPage })
  list(@Query() query: ListStaffQuery): Promise<StaffPage> {
    return this.staff.list(query);
  }

  @Get(':id')
  @Roles('manager')
  @ApiOkResponse({ type: StaffView })
  get(@Param() { id }: IdParam): Promise<StaffView> {
    return this.staff.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: StaffView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: StaffView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateStaffDto): Promise<StaffView> {
    return this.staff.update(actor, id, dto);
  }
}
