// The public entry of the auth module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../auth', never a file inside it; files inside the module import each other directly.
export { UsersModule } from './users.module';
export { UsersService } from './users.service';
