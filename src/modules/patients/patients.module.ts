import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Patient } from './patient.entity.js';
import { PatientsController } from './patients.controller.js';
import { PatientsRepository } from './patients.repository.js';
import { PatientsService } from './patients.service.js';

@Module({ imports: [TypeOrmModule.forFeature([Patient])], controllers: [PatientsController], providers: [PatientsRepository, PatientsService], exports: [PatientsService] })
export class PatientsModule {}
