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
