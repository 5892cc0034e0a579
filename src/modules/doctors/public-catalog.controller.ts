import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/roles.js';
import { CatalogService } from './catalog.service.js';
import { DoctorsService } from './doctors.service.js';
import { PublicDoctorList, PublicDoctorsQuery, PublicServiceList, PublicServicesQuery } from './dto/doctor.dto.js';

/** What the clinic's website shows: active doctors' public profiles and the active price list. */
@ApiTags('public')
@Controller('public')
export class PublicCatalogController {
  constructor(
    private readonly doctors: DoctorsService,
    private readonly catalog: CatalogService,
  ) {}

  @ApiOperation({ summary: 'List doctors for the website' })
  @Get('doctors')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOkResponse({ type: PublicDoctorList })
  async doctorsList(@Query() query: PublicDoctorsQuery): Promise<PublicDoctorList> {
    return { data: await this.doctors.publicDoctors(query) };
  }

  @ApiOperation({ summary: 'List services for the website' })
  @Get('services')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOkResponse({ type: PublicServiceList })
  async servicesList(@Query() query: PublicServicesQuery): Promise<PublicServiceList> {
    return { data: await this.catalog.publicServices(query.specialtyId) };
  }
}
