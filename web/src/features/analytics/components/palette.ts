import type { Stage } from './groups';

/** One colour per funnel stage, light to dark as the funnel narrows; the previous period in grey. */
export const STAGE_COLORS: Record<Stage, string> = {
  leads: '#a5d8ff',
  contacted: '#74c0fc',
  contactedWithinSla: '#4dabf7',
  booked: '#20c997',
  visited: '#0ca678',
  repeat: '#087f5b',
};
export const PREVIOUS_COLOR = '#ced4da';
export const MONEY_COLORS = { spend: '#ff922b', revenue: '#0ca678', romi: '#5c7cfa' };

/** Axis and grid styles shared by every chart. */
export const AXIS_LABEL = { color: '#495057', fontSize: 12 };
export const SPLIT_LINE = { lineStyle: { color: '#f1f3f5' } };
