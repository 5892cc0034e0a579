import { Body, Controller, Get, Header, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ALL_STAFF, Public, Roles } from '../../common/auth/roles.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { IdParam } from '../../common/http/transforms.js';
import { BranchesService } from './branches.service.js';
import { BranchList, BranchView, CreateBranchDto, PublicBranchList, UpdateBranchDto } from './dto/branch.dto.js';

@ApiTags('branches')
@ApiBearerAuth()
@Controller('branches')
export class BranchesController {
  constructor(private readonly branches: BranchesService) {}

  @ApiOperation({ summary: 'List branches' })
  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: BranchList })
  async list(@CurrentActor() actor: Actor): Promise<BranchList> {
    return { data: await this.branches.list(actor.role === 'admin') };
  }

  @ApiOperation({ summary: 'Get a branch' })
  @Get(':id')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: BranchView })
  get(@Param() { id }: IdParam): Promise<BranchView> {
    return this.branches.get(id);
  }

  @ApiOperation({ summary: 'Create a branch' })
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: BranchView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBranchDto): Promise<BranchView> {
    return this.branches.create(actor, dto);
  }

  @ApiOperation({ summary: 'Update a branch' })
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

  @ApiOperation({ summary: 'List the clinic’s branches for the website' })
  @Get()
  @Public()
  @RateLimit({ limit: 600 })
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOkResponse({ type: PublicBranchList })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many requests from this address; see Retry-After' })
  async list(): Promise<PublicBranchList> {
    return { data: (await this.branches.list()).map(({ id, name, address, phone, timezone }) => ({ id, name, address, phone, timezone })) };
  }
}
