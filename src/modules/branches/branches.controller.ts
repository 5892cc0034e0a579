import { Body, Controller, Get, Header, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ALL_STAFF, Public, Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { BranchesService } from './branches.service.js';
import { BranchList, BranchView, CreateBranchDto, PublicBranchList, UpdateBranchDto } from './dto/branch.dto.js';

@ApiTags('branches')
@ApiBearerAuth()
@Controller('branches')
export class BranchesController {
  constructor(private readonly branches: BranchesService) {}

  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: BranchList })
  async list(@CurrentActor() actor: Actor): Promise<BranchList> {
    return { data: await this.branches.list(actor.role === 'admin') };
  }

  @Get(':id')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: BranchView })
  get(@Param() { id }: IdParam): Promise<BranchView> {
    return this.branches.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: BranchView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBranchDto): Promise<BranchView> {
    return this.branches.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: BranchView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateBranchDto): Promise<BranchView> {
    return this.branches.update(actor, id, dto);
  }
}

/** The clinic's branches as its website shows them (active ones only). */
@ApiTags('public')
@Controller('public/branches')
export class PublicBranchesController {
  constructor(private readonly branches: BranchesService) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOkResponse({ type: PublicBranchList })
  async list(): Promise<PublicBranchList> {
    return { data: (await this.branches.list()).map(({ id, name, address, phone, timezone }) => ({ id, name, address, phone, timezone })) };
  }
}
