// The catalogue as customers see it: active regions, the packages a region offers, identity
// document types. A company or id type that is unknown or inactive is the caller's mistake (422).
import type { components } from '../../generated/server-api.js';
import { AppError } from '../errors.js';
import type { CatalogRepository } from './repository.js';

type Schemas = components['schemas'];

export function catalogService(catalog: CatalogRepository) {
  async function requireActiveCompany(id: number): Promise<void> {
    if (!(await catalog.findActiveCompany(id))) throw AppError.invalidField('company_id', 'The selected company id is invalid.');
  }

  return {
    activeCompanies: () => catalog.activeCompanies(),
    idTypes: () => catalog.idTypes(),
    requireActiveCompany,

    /** The active public packages of an active company, each with its category. */
    async packagesOf(companyId: number): Promise<Schemas['Package'][]> {
      await requireActiveCompany(companyId);
      const packages = await catalog.offeredPackages(companyId);
      return packages.map(({ category_name, ...p }) => ({ ...p, category: { id: p.category_id, name: category_name } }));
    },

    /** One package the company offers, undefined when it offers no such package. */
    offeredPackage: async (companyId: number, packageId: number) => (await catalog.offeredPackages(companyId, packageId))[0],

    /** The name of an identity document type. */
    async idTypeName(id: number): Promise<string> {
      const idType = await catalog.findIdType(id);
      if (!idType) throw AppError.invalidField('id_type_id', 'The selected id type id is invalid.');
      return idType.name;
    },
  };
}

export type CatalogService = ReturnType<typeof catalogService>;
