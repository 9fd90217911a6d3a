// Data access for users, revoked tokens and password-reset OTPs.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

export type UserRow = Selectable<Database['users']>;
export type OtpRow = Selectable<Database['password_otps']>;

/** Sets a new password and ends every session of the account (its tokens carry the old version). */
async function setPassword(db: Kysely<Database>, id: number, passwordHash: string, at: string): Promise<void> {
  await db.updateTable('users')
    .set((eb) => ({ password_hash: passwordHash, token_version: eb('token_version', '+', 1), updated_at: at }))
    .where('id', '=', id).execute();
}

export function userRepository(db: Kysely<Database>) {
  const forToken = prepared(db, (uid: string, jti: string, version: number) =>
    db.selectFrom('users').selectAll()
      .where('uid', '=', uid).where('is_active', '=', 1).where('token_version', '=', version)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('revoked_tokens').select('jti').where('jti', '=', jti)))));
  const findByEmail = (email: string) =>
    db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  const findByNoServices = (noServices: string) =>
    db.selectFrom('users').innerJoin('customers', 'customers.user_id', 'users.id')
      .selectAll('users').where('customers.no_services', '=', noServices).executeTakeFirst();
  return {
    findById: (id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    /** The active user a token names, unless the token was revoked or the password changed since it
     * was issued: one query, on every authenticated request. */
    findForToken: async (uid: string, jti: string, version: number): Promise<UserRow | undefined> => (await forToken(uid, jti, version))[0],
    findByEmail,
    findByNoServices,
    /** The user a login identifier names: an email, or a customer number. */
    findByIdentifier: (identifier: string) => (identifier.includes('@') ? findByEmail(identifier) : findByNoServices(identifier)),

    async create(user: Insertable<Database['users']>): Promise<UserRow> {
      return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
    },
    /** Sets a new password and ends every session of the account (its tokens carry the old version). */
    setPassword: (id: number, passwordHash: string, at: string) => setPassword(db, id, passwordHash, at),
    /** Uses the OTP up and sets the new password, in one transaction; false, and nothing changed,
     * when another request used the OTP first. */
    async resetPassword(id: number, otpId: number, passwordHash: string, at: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const used = await trx.updateTable('password_otps').set({ consumed: 1 })
          .where('id', '=', otpId).where('consumed', '=', 0).executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) return false;
        await setPassword(trx, id, passwordHash, at);
        return true;
      });
    },
    /** Shows the photo the server just stored for the user, and records it as theirs. */
    async setUploadedImage(id: number, file: string, at: string): Promise<void> {
      await db.updateTable('users').set({ image: file, uploaded_image: file, updated_at: at }).where('id', '=', id).execute();
    },
  };
}

export function revokedTokenRepository(db: Kysely<Database>) {
  return {
    /** Revokes a token; forgets tokens that have expired anyway. Idempotent. */
    async revoke(jti: string, expiresAt: number, now: number): Promise<void> {
      await db.insertInto('revoked_tokens').values({ jti, expires_at: expiresAt })
        .onConflict((oc) => oc.column('jti').doNothing()).execute();
      await db.deleteFrom('revoked_tokens').where('expires_at', '<', now).execute();
    },
  };
}

export function otpRepository(db: Kysely<Database>) {
  return {
    /** The user's newest OTP that is neither used up nor expired. */
    findLive: (userId: number, now: number) =>
      db.selectFrom('password_otps').selectAll()
        .where('user_id', '=', userId).where('consumed', '=', 0).where('expires_at', '>', now)
        .orderBy('id', 'desc').executeTakeFirst(),

    /** Voids the user's earlier OTPs and stores a new one, in one transaction. */
    async replace(otp: Insertable<Database['password_otps']>): Promise<number> {
      return db.transaction().execute(async (trx) => {
        await trx.updateTable('password_otps').set({ consumed: 1 })
          .where('user_id', '=', otp.user_id).where('consumed', '=', 0).execute();
        const row = await trx.insertInto('password_otps').values(otp).returning('id').executeTakeFirstOrThrow();
        return row.id;
      });
    },
    async remove(id: number): Promise<void> {
      await db.deleteFrom('password_otps').where('id', '=', id).execute();
    },
    /** Counts a wrong guess; voids the OTP when it reaches the limit. */
    async countWrongGuess(id: number, limit: number): Promise<void> {
      await db.updateTable('password_otps')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          consumed: sql<0 | 1>`case when attempts >= ${limit - 1} then 1 else 0 end`,
        }))
        .where('id', '=', id).execute();
    },
  };
}
