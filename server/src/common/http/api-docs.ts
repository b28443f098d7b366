import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '@smart-repair/shared';

/** The one error body, as the OpenAPI document shows it. */
export class ErrorBodyView {
  @ApiProperty({ enum: ERROR_CODES, example: 'VALIDATION_FAILED' })
  code!: ErrorCode;

  @ApiProperty({ example: 'Some fields are missing or invalid' })
  message!: string;

  @ApiPropertyOptional({ example: { fields: { name: ['name should not be empty'] } } })
  details?: Record<string, unknown>;

  @ApiProperty({ example: '5b0c8f0e-3a57-4a3e-9d55-0c1f4f7f2a10' })
  requestId!: string;
}

/** Documents the error answers of a route; `authenticated` adds the bearer scheme and 401/403. */
export function ApiErrors(options: { authenticated?: boolean; notFound?: boolean; conflict?: boolean } = {}) {
  const decorators = [
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED, MALFORMED_BODY, …', type: ErrorBodyView }),
  ];
  if (options.authenticated !== false) {
    decorators.push(
      ApiBearerAuth(),
      ApiResponse({
        status: 401,
        description: 'AUTH_REQUIRED, TOKEN_INVALID, TOKEN_EXPIRED, ACCOUNT_DISABLED',
        type: ErrorBodyView,
      }),
      ApiResponse({ status: 403, description: 'PERMISSION_DENIED', type: ErrorBodyView }),
    );
  }
  if (options.notFound) {
    decorators.push(
      ApiResponse({ status: 404, description: 'Not found, or another tenant’s', type: ErrorBodyView }),
    );
  }
  if (options.conflict) {
    decorators.push(
      ApiResponse({ status: 409, description: 'Conflicts with existing data', type: ErrorBodyView }),
    );
  }
  return applyDecorators(...decorators);
}
