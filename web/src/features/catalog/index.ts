export { type Branch, branchesQueryOptions, useBranches, zoneOf } from './api/get-branches';
export { type Doctor, doctorsQueryOptions, useDoctors } from './api/get-doctors';
export { type Service, servicesQueryOptions, useServices } from './api/get-services';
export { type Specialty, useSpecialties } from './api/get-specialties';
export { DoctorName } from './components/doctor-name';
/** The settings screens of the catalog load when first opened. */
export const loadBranchesAdminPage = () => import('./components/branches-admin-page').then((m) => m.BranchesAdminPage);
export const loadCatalogAdminPage = () => import('./components/catalog-admin-page').then((m) => m.CatalogAdminPage);
