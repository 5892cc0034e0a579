import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { StaffModule } from '../staff/staff.module.js';
import { AuthController } from './auth.controller.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';

@Module({
  imports: [JwtModule.register({}), StaffModule],
  controllers: [AuthController],
  providers: [AuthRepository, AuthService],
  exports: [AuthService],
})
export class AuthModule {}
