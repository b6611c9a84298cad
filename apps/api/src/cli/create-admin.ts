import 'reflect-metadata';
import { isEmail } from 'class-validator';
import { createInterface } from 'node:readline/promises';
import { DataSource } from 'typeorm';
import { adminInputFromProcess, ConfigError, loadConfigFromProcess } from '../config/load-config';
import { dataSourceOptions } from '../database/data-source-options';
import { hashPassword } from '../modules/auth/passwords';
import { UsersRepository } from '../modules/auth/users.repository';

/** The password policy of every account (as POST /auth/change-password): 10 to 128 characters. */
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 128;

export interface AdminInput {
  email: string;
  name: string;
  password: string;
}

export class CreateAdminError extends Error {}

/** Checks the input against the policy; every problem named at once. */
export function adminInputProblems(input: Partial<AdminInput>): string[] {
  const problems: string[] = [];
  const email = input.email?.trim().toLowerCase() ?? '';
  if (!email || email.length > 254 || !isEmail(email)) problems.push('email: an e-mail address is required (--email or WAVU_ADMIN_EMAIL)');
  const name = input.name?.trim() ?? '';
  if (!name || name.length > 120) problems.push('name: 1 to 120 characters (--name or WAVU_ADMIN_NAME)');
  const password = input.password ?? '';
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) problems.push(`password: ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  else if (email.split('@')[0].length >= 4 && password.toLowerCase().includes(email.split('@')[0])) problems.push('password: must not contain the e-mail address');
  return problems;
}

/**
 * Creates a super admin (the first one of a production install: there is no demo seeding there).
 * Refuses bad input and an e-mail that already has an account (nothing is changed then).
 */
export async function createAdmin(databaseUrl: string, input: AdminInput): Promise<{ id: string; email: string }> {
  const problems = adminInputProblems(input);
  if (problems.length) throw new CreateAdminError(`Not created:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 1)).initialize();
  try {
    const user = await new UsersRepository(dataSource).create({
      email: input.email.trim(),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      role: 'super_admin',
      providerId: null,
    });
    if (!user) throw new CreateAdminError(`Not created: an account with the e-mail ${input.email.trim().toLowerCase()} already exists (nothing was changed)`);
    return { id: user.id, email: user.email };
  } finally {
    await dataSource.destroy();
  }
}

/** `--email a@b --name "A B"` (or `--email=a@b`); the password is never a flag (it would show in `ps` and the shell history). */
export function parseAdminArgs(argv: string[]): Partial<AdminInput> {
  const result: Partial<AdminInput> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (flag === '--email') result.email = value;
    else if (flag === '--name') result.name = value;
    else throw new CreateAdminError(`Unknown argument ${flag}; use --email and --name (the password comes from WAVU_ADMIN_PASSWORD or a prompt)`);
  }
  return result;
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    let value = '';
    const finish = () => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return (finish(), resolve(value));
        if (ch === '\u0003') return (finish(), reject(new CreateAdminError('Cancelled')));
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    process.stdout.write(question);
    input.setEncoding('utf8');
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/**
 * `npm run create-admin -- --email you@example.com --name "Your Name"` (after `npm run build`),
 * or in Docker `docker compose run --rm migrate node dist/apps/api/src/cli/create-admin.js …`.
 * Missing values are asked for on a terminal (the password twice, hidden); without one they come
 * from WAVU_ADMIN_EMAIL, WAVU_ADMIN_NAME and WAVU_ADMIN_PASSWORD. Needs DATABASE_URL.
 */
async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  if (!config.database.url) throw new CreateAdminError('DATABASE_URL is required (the database the platform runs on, migrated)');
  const input = { ...adminInputFromProcess(), ...parseAdminArgs(process.argv.slice(2)) };
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    input.email ??= await rl.question('E-mail: ');
    input.name ??= await rl.question('Name: ');
    rl.close();
    if (input.password === undefined) {
      input.password = await askHidden(`Password (${PASSWORD_MIN}–${PASSWORD_MAX} characters): `);
      if ((await askHidden('Password again: ')) !== input.password) throw new CreateAdminError('Not created: the passwords differ');
    }
  }
  const created = await createAdmin(config.database.url, { email: input.email ?? '', name: input.name ?? '', password: input.password ?? '' });
  console.log(`Created super admin ${created.email}: log in at ${config.http.publicUrl}/login`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof ConfigError || error instanceof CreateAdminError ? error.message : error);
    process.exit(1);
  });
}
