import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentRequest, type RequestMeta } from '../../common/auth/actor.js';
import { Public } from '../../common/auth/roles.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { ConsentDocumentsService } from './consent-documents.service.js';
import { ConsentsService } from './consents.service.js';
import { CurrentConsentDocumentQuery, PublicConsentDocumentView } from './dto/consent-document.dto.js';
import { PublicWithdrawDto, WithdrawalPreviewQuery, WithdrawalPreviewView, WithdrawalView } from './dto/consent.dto.js';

/** What websites and people use without signing in: the current consent text, and withdrawal by link. */
@ApiTags('public')
@Controller('public')
export class PublicConsentsController {
  constructor(
    private readonly documents: ConsentDocumentsService,
    private readonly consents: ConsentsService,
  ) {}

  @ApiOperation({ summary: 'Get the current consent document' })
  @Get('consent-documents/current')
  @Public()
  @RateLimit({ limit: 600 })
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOkResponse({ type: PublicConsentDocumentView })
  current(@Query() query: CurrentConsentDocumentQuery): Promise<PublicConsentDocumentView> {
    return this.documents.current(query.kind);
  }

  @ApiOperation({ summary: 'Read what a withdrawal link withdraws' })
  @Get('consents/withdrawal')
  @Public()
  @RateLimit()
  @ApiOkResponse({ type: WithdrawalPreviewView, description: 'What the link withdraws (document and when it was given), before the person confirms' })
  @ApiNotFoundResponse({ description: 'No consent has this token' })
  withdrawal(@Query() query: WithdrawalPreviewQuery, @CurrentRequest() meta: RequestMeta): Promise<WithdrawalPreviewView> {
    return this.consents.withdrawalPreview(query.token, meta);
  }

  @ApiOperation({ summary: 'Withdraw consent with a withdrawal token' })
  @Post('consents/withdraw')
  @Public()
  @RateLimit()
  @HttpCode(200)
  @ApiOkResponse({ type: WithdrawalView })
  withdraw(@Body() dto: PublicWithdrawDto, @CurrentRequest() meta: RequestMeta): Promise<WithdrawalView> {
    return this.consents.withdrawByToken(dto.token, meta);
  }
}
