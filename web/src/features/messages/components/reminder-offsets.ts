export type OffsetUnit = 'min' | 'hour' | 'day';

const MINUTES: Record<OffsetUnit, number> = { min: 1, hour: 60, day: 1440 };

/** A reminder offset in minutes as people say it: 1440 -> 1 day, 120 -> 2 hours, 90 -> 90 minutes. */
export function splitOffset(minutes: number): { value: number; unit: OffsetUnit } {
  if (minutes % 1440 === 0) return { value: minutes / 1440, unit: 'day' };
  if (minutes % 60 === 0) return { value: minutes / 60, unit: 'hour' };
  return { value: minutes, unit: 'min' };
}

export function joinOffset(value: number, unit: OffsetUnit): number {
  return Math.round(value * MINUTES[unit]);
}
