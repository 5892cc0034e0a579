import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { AuditService } from './audit.service.js';
import { AuditEventPage, ListAuditEventsQuery } from './dto/audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles()
  @ApiOkResponse({ type: AuditEventPage, description: 'Admins: who read or changed what, newest first (field names, never values)' })
  list(@CurrentActor() actor: Actor, @Query() query: ListAuditEventsQuery): Promise<AuditEventPage> {
    return this.audit.browse(actor, query);
  }
}
