// The catalogue component: regions, packages and identity document types (read-only).
import type { AppContext } from '../context.js';
import { catalogRepository } from './repository.js';
import { catalogRoutes } from './routes.js';

export function catalogComponent({ db }: AppContext) {
  const catalog = catalogRepository(db);
  return { catalog, router: catalogRoutes(catalog) };
}
