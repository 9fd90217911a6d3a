// Data access for the catalogue: regions (companies), packages, identity document types.
import type { Kysely } from 'kysely';
import { lookupId } from '../db/integers.js';
import type { Database } from '../db/schema.js';

export function catalogRepository(db: Kysely<Database>) {
  return {
    activeCompanies: () => db.selectFrom('companies').select(['id', 'name']).where('is_active', '=', 1).orderBy('id').execute(),
    findActiveCompany: (id: number) =>
      db.selectFrom('companies').select('id').where('id', '=', lookupId(id)).where('is_active', '=', 1).executeTakeFirst(),
    /** Active public packages of a company with their category (one package, or all of them). */
    offeredPackages: (companyId: number, packageId?: number) => {
      let query = db.selectFrom('packages')
        .innerJoin('package_categories', 'package_categories.id', 'packages.category_id')
        .selectAll('packages')
        .select('package_categories.name as category_name')
        .where('packages.company_id', '=', lookupId(companyId))
        .where('packages.is_active', '=', 1)
        .where('packages.public', '=', 1);
      if (packageId !== undefined) query = query.where('packages.id', '=', lookupId(packageId));
      return query.orderBy('packages.price').orderBy('packages.id').execute();
    },
    idTypes: () => db.selectFrom('id_types').select(['id', 'name']).orderBy('id').execute(),
    findIdType: (id: number) => db.selectFrom('id_types').select(['id', 'name']).where('id', '=', lookupId(id)).executeTakeFirst(),
  };
}

export type CatalogRepository = ReturnType<typeof catalogRepository>;
