// A funnel row's rates and money: the arithmetic on the stage counts the report queries give (see funnel-definitions.ts).

export interface StageCounts {
  leads: number;
  contacted: number;
  contactedWithinSla: number;
  booked: number;
  visited: number;
  repeat: number;
  revenue: number;
}

export interface FunnelFigures extends StageCounts {
  /** contacted / leads */
  contactRate: number | null;
  /** contacted within SLA / leads */
  slaRate: number | null;
  /** booked / leads */
  bookingRate: number | null;
  /** visited / leads */
  visitRate: number | null;
  /** repeat / leads */
  repeatRate: number | null;
  /** visited / booked */
  showRate: number | null;
  /** repeat / visited */
  returnRate: number | null;
  spend: number | null;
  cpl: number | null;
  costPerBooking: number | null;
  costPerVisit: number | null;
  romi: number | null;
}

/** part / whole rounded to 4 digits; null when there is no whole. */
export function ratio(part: number, whole: number | null | undefined): number | null {
  if (!whole) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

export function money(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Money spent per unit (lead, booking, visit); null without spend or without units. */
export function costPer(spend: number | null, units: number): number | null {
  return !spend || units === 0 ? null : money(spend / units);
}

/** (revenue - spend) / spend; null when nothing was spent. */
export function romi(revenue: number, spend: number | null): number | null {
  return spend ? ratio(revenue - spend, spend) : null;
}

/** Rates and money of a funnel row. `spend` is null where spend cannot be attributed (e.g. per operator). */
export function funnelFigures(c: StageCounts, spend: number | null): FunnelFigures {
  const spent = spend === null ? null : money(spend);
  return {
    ...c,
    revenue: money(c.revenue),
    contactRate: ratio(c.contacted, c.leads),
    slaRate: ratio(c.contactedWithinSla, c.leads),
    bookingRate: ratio(c.booked, c.leads),
    visitRate: ratio(c.visited, c.leads),
    repeatRate: ratio(c.repeat, c.leads),
    showRate: ratio(c.visited, c.booked),
    returnRate: ratio(c.repeat, c.visited),
    spend: spent,
    cpl: costPer(spent, c.leads),
    costPerBooking: costPer(spent, c.booked),
    costPerVisit: costPer(spent, c.visited),
    romi: romi(c.revenue, spent),
  };
}
