import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { StaffView } from '../../../staff/dto/staff.dto.js';

const withoutSpaces = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value);

const MFA_TOKEN = { description: 'The `mfaToken` from the sign-in answer' };

export class SignInChallengeView {
  @ApiProperty({ enum: [true], description: 'The password was right; a second factor is needed before tokens are issued' })
  mfaRequired: true;

  @ApiProperty({
    description: 'Single-purpose and short-lived: accepted only by POST /auth/mfa (or, when enrolmentRequired, by the two enrolment calls), once',
  })
  mfaToken: string;

  @ApiProperty({
    description: 'true: this person has no authenticator yet and must set one up now (POST /auth/mfa/enrolment with the mfaToken, then /confirm)',
  })
  enrolmentRequired: boolean;

  @ApiProperty({ description: 'Seconds until the mfaToken expires' })
  expiresIn: number;
}

export class MfaCodeDto {
  @ApiProperty(MFA_TOKEN)
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  mfaToken: string;

  @ApiProperty({ description: 'The 6-digit code of the authenticator app, or one of the recovery codes', example: '123456' })
  @Transform(withoutSpaces)
  @IsString()
  @Matches(/^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/, { message: 'code must be a 6-digit code or a recovery code' })
  code: string;
}

export class StartMfaEnrolmentDto {
  @ApiPropertyOptional({ description: 'Only during a compulsory enrolment at sign-in (instead of a bearer token): the mfaToken from the sign-in answer' })
  @IsOptional()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  mfaToken?: string;
}

export class ConfirmMfaEnrolmentDto extends StartMfaEnrolmentDto {
  @ApiProperty({ description: 'The 6-digit code the authenticator app shows now', example: '123456' })
  @Transform(withoutSpaces)
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6-digit code of the authenticator app' })
  code: string;
}

export class MfaEnrolmentView {
  @ApiProperty({ example: 'otpauth://totp/Clinicdesk:anna%40clinic.example?secret=…&issuer=Clinicdesk' })
  otpauthUri: string;

  @ApiProperty({ description: 'The same URI as a QR code: data:image/png;base64,…' })
  qrCode: string;

  @ApiProperty({ description: 'The shared secret in Base32, for typing into an app that cannot scan' })
  secret: string;
}

export class MfaEnabledView {
  @ApiProperty({ type: [String], description: 'Ten single-use codes for when the phone is lost; shown only this once', example: ['ABCDE-FGHJK'] })
  recoveryCodes: string[];

  @ApiPropertyOptional({ description: 'Compulsory enrolment at sign-in only: the session it completes' }) accessToken?: string;
  @ApiPropertyOptional() refreshToken?: string;
  @ApiPropertyOptional() expiresIn?: number;
  @ApiPropertyOptional({ type: StaffView }) user?: StaffView;
}

export class MfaStatusView {
  @ApiProperty({ description: 'Sign-in asks for a code from the authenticator app' }) enabled: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) enabledAt: string | null;
  @ApiProperty({ description: 'Unused recovery codes' }) recoveryCodesLeft: number;
  @ApiProperty({ description: 'Your role must use two-factor sign-in (MFA_REQUIRED_ROLES)' }) required: boolean;
}
