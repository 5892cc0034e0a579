import type { StaffUser } from '../api/session';

export type NavLabel =
  'nav.dashboard' | 'nav.floor' | 'nav.review' | 'nav.desk' | 'nav.callbacks' | 'nav.myCalls' | 'nav.schedule' | 'nav.patients' | 'nav.manage' | 'nav.feedback';

export interface NavItem {
  to: string;
  label: NavLabel;
}

const DASHBOARD: NavItem = { to: '/dashboard', label: 'nav.dashboard' };
const FLOOR: NavItem = { to: '/floor', label: 'nav.floor' };
const REVIEW: NavItem = { to: '/call-review', label: 'nav.review' };
const DESK: NavItem = { to: '/desk', label: 'nav.desk' };
const CALLBACKS: NavItem = { to: '/callbacks', label: 'nav.callbacks' };
const MY_CALLS: NavItem = { to: '/my-calls', label: 'nav.myCalls' };
const SCHEDULE: NavItem = { to: '/schedule', label: 'nav.schedule' };
const PATIENTS: NavItem = { to: '/patients', label: 'nav.patients' };
const MANAGE: NavItem = { to: '/manage', label: 'nav.manage' };
const FEEDBACK: NavItem = { to: '/feedback', label: 'nav.feedback' };

/** The sections a role works in (the server still decides every request). */
export function navFor(role: StaffUser['role']): NavItem[] {
  switch (role) {
    case 'operator':
      return [DESK, CALLBACKS, MY_CALLS, SCHEDULE, PATIENTS];
    case 'admin':
      return [DASHBOARD, FLOOR, REVIEW, DESK, CALLBACKS, SCHEDULE, PATIENTS, FEEDBACK, MANAGE];
    case 'manager':
      return [DASHBOARD, FLOOR, REVIEW, SCHEDULE, CALLBACKS, PATIENTS, FEEDBACK, MANAGE];
    default:
      return [SCHEDULE, PATIENTS];
  }
}

export function homeFor(role: StaffUser['role']): string {
  return navFor(role)[0]!.to;
}
