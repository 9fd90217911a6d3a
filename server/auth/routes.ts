// HTTP adapter of the Auth operations: take the validated input, call the service, shape the reply.
import type { Request } from 'express';
import { uploadedFile } from '../http/body.js';
import { route, Routes } from '../http/typed-routes.js';
import { currentAuth, currentUser } from './current-user.js';
import type { passwordResetService } from './password-reset.js';
import type { profilePhotoService } from './profile-photo.js';
import { userView, type AuthService } from './service.js';

interface Deps {
  auth: AuthService;
  passwordReset: ReturnType<typeof passwordResetService>;
  profilePhoto: ReturnType<typeof profilePhotoService>;
  publicUrl: string | undefined;
}

/** Where photo URLs point: PUBLIC_URL, or else the address and port this connection reached (what the
 * server itself listens on), never the client's Host header, which anyone can set. */
function ownBaseUrl(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}

export function authRoutes({ auth, passwordReset, profilePhoto, publicUrl }: Deps): Routes {
  const router = new Routes();
  route(router, 'post', '/auth/register', async ({ body, abandoned }) => ({ status: 201, body: await auth.register(body, abandoned) }));
  route(router, 'post', '/auth/login', async ({ body, abandoned }) => ({ status: 200, body: await auth.login(body, abandoned) }));
  route(router, 'get', '/auth/me', async ({ req }) => ({ status: 200, body: userView(currentUser(req)) }));
  route(router, 'post', '/auth/logout', async ({ req }) => {
    await auth.logout(currentAuth(req).token);
    return { status: 200, body: { message: 'Berhasil logout.' } };
  });
  route(router, 'post', '/auth/refresh', async ({ req }) => {
    const { user, token } = currentAuth(req);
    return { status: 200, body: await auth.refresh(user, token) };
  });
  route(router, 'post', '/auth/change-password', async ({ req, body, abandoned }) => {
    await auth.changePassword(currentUser(req), body, abandoned);
    return { status: 200, body: { message: 'Password berhasil diperbarui.' } };
  });
  route(router, 'post', '/auth/forgot-password', async ({ body }) => ({ status: 200, body: await passwordReset.forgot(body) }));
  route(router, 'post', '/auth/verify-otp', async ({ body }) => ({ status: 200, body: await passwordReset.verify(body) }));
  route(router, 'post', '/auth/reset-password', async ({ body, abandoned }) => ({ status: 200, body: await passwordReset.reset(body, abandoned) }));
  route(router, 'post', '/customer/profile-photo', async ({ req }) => {
    return { status: 201, body: await profilePhoto.upload(currentUser(req), uploadedFile(req), ownBaseUrl(req, publicUrl)) };
  });
  return router;
}
