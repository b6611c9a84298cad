import { Module } from '@nestjs/common';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** The users table, shared by auth (login) and providers (sign-up creates the owner). */
@Module({ providers: [UsersRepository, UsersService], exports: [UsersService] })
export class UsersModule {}
