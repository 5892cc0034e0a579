import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import {
  CreateMarketingSpendDto,
  ListMarketingSpendQuery,
  MarketingSpendPage,
  MarketingSpendView,
  UpdateMarketingSpendDto,
} from './dto/marketing-spend.dto.js';
import { MarketingSpendService } from './marketing-spend.service.js';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('marketing-spend')
export class MarketingSpendController {
  constructor(private readonly spend: MarketingSpendService) {}

  @ApiOperation({ summary: 'List marketing spend' })
  @Get()
  @Roles('manager')
  @ApiOkResponse({ type: MarketingSpendPage })
  list(@CurrentActor() actor: Actor, @Query() query: ListMarketingSpendQuery): Promise<MarketingSpendPage> {
    return this.spend.list(actor, query);
  }

  @ApiOperation({ summary: 'Get a marketing spend record' })
  @Get(':id')
  @Roles('manager')
  @ApiOkResponse({ type: MarketingSpendView })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<MarketingSpendView> {
    return this.spend.get(actor, id);
  }

  @ApiOperation({ summary: 'Record marketing spend' })
  @Post()
  @Roles('manager')
  @ApiCreatedResponse({ type: MarketingSpendView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMarketingSpendDto): Promise<MarketingSpendView> {
    return this.spend.create(actor, dto);
  }

  @ApiOperation({ summary: 'Update a marketing spend record' })
  @Patch(':id')
  @Roles('manager')
  @ApiOkResponse({ type: MarketingSpendView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateMarketingSpendDto): Promise<MarketingSpendView> {
    return this.spend.update(actor, id, dto);
  }

  @ApiOperation({ summary: 'Delete a marketing spend record' })
  @Delete(':id')
  @Roles('manager')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<void> {
    await this.spend.remove(actor, id);
  }
}
