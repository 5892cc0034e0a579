import { Global, Module } from '@nestjs/common';
import { JobRunner } from './job-runner.js';
import { JobsRepository } from './jobs.repository.js';

/** The background job runner every module can use to define periodic and queued jobs. */
@Global()
@Module({ providers: [JobsRepository, JobRunner], exports: [JobRunner] })
export class JobsModule {}
