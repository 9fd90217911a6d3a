// Line status of a customer, asked of its MikroTik router: online (an active PPP session), isolir
// (the PPP secret is disabled or on the isolation profile), offline otherwise.
import type { components } from '../../generated/server-api.js';
import { RouterUnreachableError, type RouterConnector } from '../adapters/routeros.js';
import type { CurrentUser } from '../auth/current-user.js';
import { AppError } from '../errors.js';
import type { Logger } from '../shared/logger.js';
import type { NetworkRepository } from './repository.js';
import { parseUptime } from './uptime.js';

type Schemas = components['schemas'];

export function networkService(lines: NetworkRepository, connector: RouterConnector, logger: Logger) {
  return {
    async status(user: CurrentUser, noServices: string): Promise<Schemas['NetworkStatus']['data']> {
      const customer = await lines.lineNumbered(noServices);
      if (!customer || customer.user_id !== user.id) throw AppError.status(403, 'forbidden', 'No layanan tidak sesuai akun login.');
      const router = customer.router_id === null ? undefined : await lines.router(customer.router_id);
      if (!router) throw AppError.status(404, 'not_found', 'Router pelanggan tidak ditemukan.');
      if (!customer.user_mikrotik) throw AppError.status(409, 'not_synced', 'User belum disinkronkan ke Mikrotik.');

      let state;
      try {
        state = await connector.pppState(router, customer.user_mikrotik);
      } catch (error) {
        if (!(error instanceof RouterUnreachableError)) throw error;
        logger.warn({ router: router.alias, reason: error.message }, 'router unreachable');
        throw AppError.status(503, 'unreachable', 'Gagal terhubung ke router Mikrotik.');
      }
      if (!state.secret) {
        throw AppError.status(404, 'not_found_on_router', 'User tidak ditemukan di Mikrotik (PPP Secret). Silakan sinkronisasi.');
      }

      const profile = state.secret.profile ?? customer.user_profile;
      const isolated = state.secret.disabled || profile === router.isolation_profile;
      const uptime = state.active?.uptime ? parseUptime(state.active.uptime) : undefined;
      const connection: Schemas['NetworkConnection'] = isolated
        ? {
            status: 'isolir', is_online: false, ip_address: null, uptime: null,
            notes: [state.secret.disabled ? 'PPP secret dinonaktifkan di router.' : 'Layanan diisolir karena tagihan belum dibayar.'],
          }
        : state.active
          ? { status: 'online', is_online: true, ip_address: state.active.address, uptime: uptime ?? null, notes: [] }
          : { status: 'offline', is_online: false, ip_address: null, uptime: null, notes: [] };
      return {
        no_services: customer.no_services,
        name: customer.name,
        mode: customer.mode ?? 'PPPOE',
        router: { alias: router.alias },
        customer: { user_mikrotik: customer.user_mikrotik, user_profile: profile },
        connection,
        usage: null,
        session: null,
      };
    },
  };
}

export type NetworkService = ReturnType<typeof networkService>;
