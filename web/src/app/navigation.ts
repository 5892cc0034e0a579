import type { StaffUser } from '../api/session';

export interface NavItem {
  to: string;
  label: 'nav.desk' | 'nav.callbacks' | 'nav.schedule' | 'nav.patients';
}

const DESK: NavItem = { to: '/desk', label: 'nav.desk' };
const CALLBACKS: NavItem = { to: '/callbacks', label: 'nav.callbacks' };
const SCHEDULE: NavItem = { to: '/schedule', label: 'nav.schedule' };
const PATIENTS: NavItem = { to: '/patients', label: 'nav.patients' };

/** The sections a role works in (the server still decides every request). */
export function navFor(role: StaffUser['role']): NavItem[] {
  switch (role) {
    case 'operator':
    case 'admin':
      return [DESK, CALLBACKS, SCHEDULE, PATIENTS];
    case 'manager':
      return [SCHEDULE, CALLBACKS, PATIENTS];
    default:
      return [SCHEDULE, PATIENTS];
  }
}

export function homeFor(role: StaffUser['role']): string {
  return navFor(role)[0]!.to;
}
