import { Module } from '@nestjs/common';
import { PlatformsModule } from '../../platforms/platforms.module';
import { AuditModule } from '../audit/audit.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { PlatformLoginController } from './platform-login.controller';
import { PlatformLoginService } from './platform-login.service';
import { TokenService } from './token.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule, PlatformsModule],
  controllers: [AuthController, PlatformLoginController, UsersController],
  providers: [AuthService, PlatformLoginService, TokenService, UsersService],
  exports: [TokenService],
})
export class IdentityModule {}
