/** "Иванова Анна Сергеевна", or null when nothing is known (erased, restricted). */
export function patientName(p: { lastName: string | null; firstName: string | null; middleName?: string | null }): string | null {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ') || null;
}
