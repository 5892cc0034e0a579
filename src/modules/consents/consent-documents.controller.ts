import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ALL_STAFF, Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { ConsentDocumentsService } from './consent-documents.service.js';
import {
  ConsentDocumentList,
  ConsentDocumentView,
  CreateConsentDocumentDto,
  ListConsentDocumentsQuery,
  UpdateConsentDocumentDto,
} from './dto/consent-document.dto.js';

@ApiTags('consents')
@ApiBearerAuth()
@Controller('consent-documents')
export class ConsentDocumentsController {
  constructor(private readonly documents: ConsentDocumentsService) {}

  @ApiOperation({ summary: 'Draft a consent document' })
  @Post()
  @Roles()
  @ApiCreatedResponse({ type: ConsentDocumentView, description: 'A draft; publish it to make it current' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateConsentDocumentDto): Promise<ConsentDocumentView> {
    return this.documents.create(actor, dto);
  }

  @ApiOperation({ summary: 'List consent documents' })
  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: ConsentDocumentList })
  async list(@Query() query: ListConsentDocumentsQuery): Promise<ConsentDocumentList> {
    return { data: await this.documents.list(query.kind) };
  }

  @ApiOperation({ summary: 'Get a consent document' })
  @Get(':id')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: ConsentDocumentView })
  get(@Param() { id }: IdParam): Promise<ConsentDocumentView> {
    return this.documents.get(id);
  }

  @ApiOperation({ summary: 'Update a draft consent document' })
  @Patch(':id')
  @Roles()
  @ApiOkResponse({ type: ConsentDocumentView, description: 'Only drafts can change (409 once published)' })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateConsentDocumentDto): Promise<ConsentDocumentView> {
    return this.documents.update(actor, id, dto);
  }

  @ApiOperation({ summary: 'Publish a consent document' })
  @Post(':id/publish')
  @Roles()
  @HttpCode(200)
  @ApiOkResponse({ type: ConsentDocumentView })
  @ApiUnprocessableEntityResponse({ description: 'Required contents are missing: details.missing lists the fields' })
  publish(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<ConsentDocumentView> {
    return this.documents.publish(actor, id);
  }
}
