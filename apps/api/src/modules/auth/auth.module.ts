import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit';
import { NotificationsModule } from '../notifications';
import { ProvidersModule } from '../providers';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordResetService } from './password-reset.service';
import { PasswordTokensRepository } from './password-tokens.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { StaffController } from './staff.controller';
import { StaffInvitationsService } from './staff-invitations.service';
import { StaffService } from './staff.service';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';
import { TokenService } from './token.service';
import { UsersModule } from './users.module';

/** Login, sessions (refresh rotation), password reset, API keys, staff and their invitations, the super admin's user management, and the strategies behind the global guard. */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.auth.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
    UsersModule,
    ProvidersModule,
    AuditModule,
    NotificationsModule,
  ],
  controllers: [AuthController, ApiKeysController, StaffController, AdminUsersController],
  providers: [
    AuthService,
    PasswordResetService,
    PasswordTokensRepository,
    StaffInvitationsService,
    LoginThrottleService,
    TokenService,
    RefreshTokensRepository,
    ApiKeysRepository,
    ApiKeysService,
    StaffService,
    AdminUsersService,
    JwtStrategy,
    ApiKeyStrategy,
  ],
  exports: [UsersModule],
})
export class AuthModule {}
