// The catalogue component: regions, packages and identity document types (read-only).
import type { AppContext } from '../context.js';
import { catalogRepository } from './repository.js';
import { catalogRoutes } from './routes.js';
import { catalogService } from './service.js';

export function catalogComponent({ db }: AppContext) {
  const catalog = catalogService(catalogRepository(db));
  return { catalog, router: catalogRoutes(catalog) };
}
