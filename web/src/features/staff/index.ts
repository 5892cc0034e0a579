export { type StaffMember, staffQueryOptions, useStaff, useStaffNames } from './api/get-staff';
export const loadStaffAdminPage = () => import('./components/staff-admin-page').then((m) => m.StaffAdminPage);
