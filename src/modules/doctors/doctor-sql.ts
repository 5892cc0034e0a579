// How other modules' queries read where a doctor works. The doctors tables belong to this module: a schedule that
// counts only at the doctor's branches filters through this fragment instead of naming doctor_branches itself.

/** A condition: the doctor works at the branch (both given as SQL expressions, for example `wh.doctor_id`, `wh.branch_id`). */
export function doctorWorksAt(doctorId: string, branchId: string): string {
  return `EXISTS (SELECT 1 FROM doctor_branches db WHERE db.doctor_id = ${doctorId} AND db.branch_id = ${branchId})`;
}
