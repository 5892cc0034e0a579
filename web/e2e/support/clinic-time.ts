/** Local date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone, as the console shows them. */
export function localParts(iso: string | number, zone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The instant of a local date and time in a zone (no daylight-saving zones are used in these tests). */
export function zonedIso(zone: string, date: string, time: string): string {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const shown = localParts(guess, zone);
  const offset = Date.parse(`${shown.date}T${shown.time}:00Z`) - guess;
  return new Date(guess - offset).toISOString();
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
