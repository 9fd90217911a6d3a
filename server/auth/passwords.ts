// Password hashing with bcrypt. bcrypt reads at most 72 bytes: longer passwords are refused
// (the spec says so) rather than silently cut.
import bcrypt from 'bcryptjs';
import { AppError } from '../errors.js';

export function passwordHasher(rounds: number) {
  return {
    hash(password: string): Promise<string> {
      if (Buffer.byteLength(password) > 72) throw AppError.invalidField('password', 'The password may not be greater than 72 bytes.');
      return bcrypt.hash(password, rounds);
    },
    verify: (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash),
  };
}

export type PasswordHasher = ReturnType<typeof passwordHasher>;

/** Laravel's `confirmed` rule. */
export function requireConfirmation(password: string, confirmation: string | undefined): void {
  if (password !== confirmation) throw AppError.invalidField('password', 'Konfirmasi password tidak sesuai.');
}
