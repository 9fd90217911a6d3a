// The Auth component, assembled from the application context.
import type { AppContext } from '../context.js';
import { accountKeys } from './account-keys.js';
import { passwordHasher } from './passwords.js';
import { passwordResetService } from './password-reset.js';
import { profilePhotoService } from './profile-photo.js';
import { otpRepository, revokedTokenRepository, userRepository } from './repository.js';
import { authRoutes } from './routes.js';
import { authService } from './service.js';
import { tokenService } from './tokens.js';

export function authComponent({ config, db, clock, otpSender, logger }: AppContext) {
  const users = userRepository(db);
  const passwords = passwordHasher(config.bcryptRounds);
  const auth = authService({
    users,
    revoked: revokedTokenRepository(db),
    tokens: tokenService(config.jwtSecret, config.jwtTtlSeconds, clock),
    passwords,
    clock,
  });
  const passwordReset = passwordResetService({
    users, otps: otpRepository(db), passwords, sender: otpSender, clock, secret: config.jwtSecret, echoOtp: config.otpEcho,
  });
  const profilePhoto = profilePhotoService(users, config.uploadDir, clock, logger);
  return {
    auth,
    accountKeys: accountKeys(users),
    photoDirectory: profilePhoto.directory,
    router: authRoutes({ auth, passwordReset, profilePhoto, publicUrl: config.publicUrl }),
  };
}
