import { Algorithm, hash, verify } from '@node-rs/argon2';

/** argon2id with the library's recommended cost (19 MiB, t=2). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

/** A hash of a random password: verified against when the account does not exist, so timing does not tell. */
const DUMMY_HASH = hash('wavu-no-such-account', { algorithm: Algorithm.Argon2id });

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? (await DUMMY_HASH), password);
  } catch {
    return false;
  }
}
