import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';

type TransformArg = { value: unknown };

/** class-transformer helpers for DTOs. */
export const trim = ({ value }: TransformArg) => (typeof value === 'string' ? value.trim() : value);
export const toBoolean = ({ value }: TransformArg) => (value === 'true' ? true : value === 'false' ? false : value);

export class IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

/** Like `@IsOptional()`, which also lets `null` through: the field may be left out, but `null` is refused. */
export const IsOptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
