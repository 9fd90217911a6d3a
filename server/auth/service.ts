// Accounts: registration, login by email or no_services, the current user, logout, refresh and
// password change. Tokens are JWTs; logout and refresh revoke the presented token.
import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/server-api.js';
import { AppError } from '../errors.js';
import { epochSeconds, jakartaDateTime, type Clock } from '../shared/clock.js';
import type { Abandoned, PasswordHasher } from './passwords.js';
import { builtInImage } from './profile-photo.js';
import { requireConfirmation } from './passwords.js';
import type { revokedTokenRepository, userRepository, UserRow } from './repository.js';
import type { TokenService, VerifiedToken } from './tokens.js';

type Schemas = components['schemas'];

export function userView(user: UserRow): Schemas['User'] {
  return {
    uid: user.uid,
    name: user.name,
    email: user.email,
    phone: user.phone,
    phonecode: user.phonecode,
    address: user.address,
    image: user.image,
    is_active: user.is_active === 1,
    gender: user.gender,
    role_name: user.role_name,
  };
}

interface Deps {
  users: ReturnType<typeof userRepository>;
  revoked: ReturnType<typeof revokedTokenRepository>;
  tokens: TokenService;
  passwords: PasswordHasher;
  clock: Clock;
}

export function authService({ users, revoked, tokens, passwords, clock }: Deps) {
  async function tokenFor(user: UserRow): Promise<Schemas['AuthToken']> {
    const { token, expiresIn } = await tokens.issue(user.uid, user.token_version);
    return { token, token_type: 'bearer', expires_in: expiresIn, data: userView(user) };
  }

  // A login for an unknown account checks the password against this hash (same cost), so that the
  // answer takes as long as for a known account with a wrong password: timing reveals no account.
  let dummyHash: Promise<string> | undefined;

  return {
    async register(input: Schemas['RegisterRequest'], abandoned?: Abandoned): Promise<Schemas['AuthToken']> {
      requireConfirmation(input.password, input.password_confirmation);
      if (await users.findByEmail(input.email)) throw AppError.invalidField('email', 'Email sudah terdaftar.');
      const now = jakartaDateTime(clock.now());
      try {
        const user = await users.create({
          uid: randomUUID(),
          name: input.name,
          email: input.email.toLowerCase(),
          password_hash: await passwords.hash(input.password, abandoned),
          phone: input.phone,
          phonecode: input.phonecode,
          address: input.address ?? null,
          image: builtInImage(input.image),
          gender: input.gender ?? null,
          is_active: 1,
          role_name: 'Customer',
          created_at: now,
          updated_at: now,
        });
        return await tokenFor(user);
      } catch (error) {
        // Two registrations with one email at the same moment: the unique index decides.
        if (await users.findByEmail(input.email)) throw AppError.invalidField('email', 'Email sudah terdaftar.');
        throw error;
      }
    },

    async login({ identifier, password }: Schemas['LoginRequest'], abandoned?: Abandoned): Promise<Schemas['AuthToken']> {
      const user = await users.findByIdentifier(identifier);
      dummyHash ??= passwords.hash(randomUUID());
      const matches = await passwords.verify(password, user?.password_hash ?? (await dummyHash), abandoned);
      if (!user || user.is_active !== 1 || !matches) throw AppError.invalidField('email', 'Email atau password tidak sesuai.');
      return tokenFor(user);
    },

    /** The id of the user with the email, undefined when there is none. */
    userIdByEmail: async (email: string): Promise<number | undefined> => (await users.findByEmail(email))?.id,

    /** The user a bearer token stands for, or undefined when it must be refused. */
    async authenticate(token: string): Promise<{ user: UserRow; token: VerifiedToken } | undefined> {
      const verified = await tokens.verify(token);
      const user = verified && (await users.findForToken(verified.userUid, verified.jti, verified.version));
      return user ? { user, token: verified } : undefined;
    },

    async logout(token: VerifiedToken): Promise<void> {
      await revoked.revoke(token.jti, token.expiresAt, epochSeconds(clock.now()));
    },

    async refresh(user: UserRow, token: VerifiedToken): Promise<Schemas['AuthToken']> {
      await revoked.revoke(token.jti, token.expiresAt, epochSeconds(clock.now()));
      return tokenFor(user);
    },

    async changePassword(user: UserRow, input: Schemas['ChangePasswordRequest'], abandoned?: Abandoned): Promise<void> {
      if (!(await passwords.verify(input.current_password, user.password_hash, abandoned))) {
        throw AppError.invalidField('current_password', 'Password lama tidak sesuai.');
      }
      requireConfirmation(input.password, input.password_confirmation);
      await users.setPassword(user.id, await passwords.hash(input.password), jakartaDateTime(clock.now()));
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
