import { Global, Module } from '@nestjs/common';
import { JobRunner } from './job-runner.js';

/** The background job queue every module can use to define periodic and queued jobs. */
@Global()
@Module({ providers: [JobRunner], exports: [JobRunner] })
export class JobsModule {}
