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

// Columns and conditions for a query that brought the patient in with `joinPatient` (as `p`).

/** Whether the joined person is restricted; false when an optional join found nobody. */
export function joinedPatientRestricted(): string {
  return 'coalesce(p.restricted_at IS NOT NULL, false)';
}

/** A condition that holds unless the joined person is restricted (and, for an optional join, when there is nobody). */
export function joinedPatientNotRestricted(): string {
  return 'p.restricted_at IS NULL';
}

/** The joined person for boards and cards, as JSON: `{ id, lastName, firstName, middleName, phone, restricted }`. */
export function joinedPatientCard(): string {
  return `json_build_object('id', p.id, 'lastName', p.last_name, 'firstName', p.first_name, 'middleName', p.middle_name, 'phone', p.phone,
                    'restricted', p.restricted_at IS NOT NULL)`;
}

/** A condition: the joined person's phone (E.164) is the given parameter. */
export function joinedPatientPhoneIs(param: string): string {
  return `p.phone = ${param}`;
}

/** A condition: the joined person's last or first name matches the LIKE pattern in `param` (see `namePrefixPattern`). */
export function joinedPatientNameMatches(param: string): string {
  return `(fold_name(p.last_name) LIKE ${param} OR fold_name(p.first_name) LIKE ${param})`;
}
