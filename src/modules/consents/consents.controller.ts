import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { ConsentsService } from './consents.service.js';
import { ConsentList, RecordConsentDto, RecordedConsentView, WithdrawalView, WithdrawConsentDto } from './dto/consent.dto.js';

@ApiTags('consents')
@ApiBearerAuth()
@Controller()
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @ApiOperation({ summary: 'List a patient’s consents' })
  @Get('patients/:id/consents')
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: ConsentList })
  async list(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<ConsentList> {
    return { data: await this.consents.listForPatient(actor, id) };
  }

  @ApiOperation({ summary: 'Record a patient’s consent' })
  @Post('patients/:id/consents')
  @Roles('operator', 'receptionist', 'manager')
  @ApiCreatedResponse({ type: RecordedConsentView, description: 'Consent given by phone, in person or in a messenger' })
  @ApiUnprocessableEntityResponse({ description: 'CONSENT_REQUIRED: the document is not the current published version' })
  record(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: RecordConsentDto): Promise<RecordedConsentView> {
    return this.consents.recordForPatient(actor, id, dto);
  }

  @ApiOperation({ summary: 'Withdraw a consent' })
  @Post('consents/:id/withdraw')
  @Roles('operator', 'receptionist', 'manager')
  @HttpCode(200)
  @ApiOkResponse({
    type: WithdrawalView,
    description: 'Withdrawal received by phone, letter, email or in person; personal-data withdrawal restricts the person at once',
  })
  withdraw(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: WithdrawConsentDto): Promise<WithdrawalView> {
    return this.consents.withdraw(actor, id, dto);
  }
}
