// HTTP adapter of the Customer operations (network status lives in the network component).
import { currentUser } from '../auth/current-user.js';
import { route, Routes } from '../http/typed-routes.js';
import type { CustomerService } from './service.js';

export function customerRoutes(customers: CustomerService): Routes {
  const router = new Routes();
  route(router, 'get', '/customer', async ({ req }) => ({
    status: 200,
    body: { status: 'success', message: 'Data pelanggan ditemukan.', customer: await customers.detail(currentUser(req)) },
  }));

  route(router, 'post', '/customer', async ({ req, body }) => {
    const { no_services, name, email } = await customers.subscribe(currentUser(req), body);
    return { status: 201, body: { status: 'success', message: 'Pelanggan berhasil dibuat.', customer: { no_services, name, email } } };
  });

  route(router, 'put', '/customer/change-id-card', async ({ req, body }) => ({
    status: 200,
    body: { status: 'success', message: 'Identification updated.', customer: await customers.changeIdCard(currentUser(req), body) },
  }));

  route(router, 'put', '/customer/email', async ({ req, body }) => ({
    status: 200,
    body: { status: 'success', message: 'Email berhasil diperbarui.', customer: { email: await customers.changeEmail(currentUser(req), body) } },
  }));

  route(router, 'put', '/customer/address', async ({ req, body }) => ({
    status: 200,
    body: { status: 'success', message: 'Alamat berhasil diperbarui.', customer: { address: await customers.changeAddress(currentUser(req), body) } },
  }));

  route(router, 'put', '/customer/phone', async ({ req, body }) => ({
    status: 200,
    body: { status: 'success', message: 'Nomor telepon berhasil diperbarui.', customer: await customers.changePhone(currentUser(req), body) },
  }));
  return router;
}
