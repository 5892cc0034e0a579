export { type StaffMember, staffQueryOptions, useStaff, useStaffNames } from './api/get-staff';
