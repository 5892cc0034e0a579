import { nameMatches } from '../../common/sql/name-search.js';

// How other modules' queries read a patient. The patients table belongs to this module: a lead list, an appointment
// board or a conversation joins a person through these fragments instead of naming the table and its columns itself,
// so a change to the table is made here and nowhere else. Each fragment takes the SQL expression holding the
// patient's id (for example `l.patient_id`); `join` brings the patient in as `p` for the column fragments.

/** `JOIN patients p` on the given patient id; `optional` for rows that may have no patient (a LEFT JOIN). */
export function joinPatient(patientId: string, { optional = false } = {}): string {
  return `${optional ? 'LEFT ' : ''}JOIN patients p ON p.id = ${patientId}`;
}

/** Whether the person is restricted (processing limited at their request); false when there is no such patient. */
export function patientRestricted(patientId: string): string {
  return `coalesce((SELECT p.restricted_at IS NOT NULL FROM patients p WHERE p.id = ${patientId}), false)`;
}

/** A condition that holds unless the person is restricted. */
export function patientNotRestricted(patientId: string): string {
  return `NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = ${patientId} AND p.restricted_at IS NOT NULL)`;
}

// Columns and conditions of the patient `p` brought in by `joinPatient`, for lists that show or filter on the person.

/** The full name, last name first; null once the person was erased. */
export const JOINED_PATIENT_NAME = `nullif(concat_ws(' ', p.last_name, p.first_name, p.middle_name), '')`;
export const JOINED_PATIENT_PHONE = 'p.phone';
export const JOINED_PATIENT_EMAIL = 'p.email';
/** Whether processing of the person's data is restricted; false when an optional join found nobody. */
export const JOINED_PATIENT_RESTRICTED = 'coalesce(p.restricted_at IS NOT NULL, false)';
/** A condition that holds unless the person is restricted (and, for an optional join, when there is nobody). */
export const JOINED_PATIENT_NOT_RESTRICTED = 'p.restricted_at IS NULL';
/** The person for boards and cards, as JSON: `{ id, lastName, firstName, middleName, phone, restricted }`. */
export const JOINED_PATIENT_CARD = `json_build_object('id', p.id, 'lastName', p.last_name, 'firstName', p.first_name, 'middleName', p.middle_name,
                    'phone', p.phone, 'restricted', p.restricted_at IS NOT NULL)`;

/** A condition: the person's phone (E.164) is the given parameter. */
export function joinedPatientPhoneIs(param: string): string {
  return `${JOINED_PATIENT_PHONE} = ${param}`;
}

/** The person's last or first name starts as the LIKE pattern in `param` says (see namePrefixPattern). */
export function joinedPatientNameMatches(param: string): string {
  return nameMatches('p', param);
}

/**
 * Whether the person is within the branches in `branchIds` (a bound uuid[] parameter): they had a lead, call or
 * appointment there, or none anywhere yet (see the access policy).
 */
export function patientInBranches(patientId: string, branchIds: string): string {
  return `(NOT EXISTS (SELECT 1 FROM patient_branches pb WHERE pb.patient_id = ${patientId})
              OR EXISTS (SELECT 1 FROM patient_branches pb WHERE pb.patient_id = ${patientId} AND pb.branch_id = ANY(${branchIds})))`;
}
