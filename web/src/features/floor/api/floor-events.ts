import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeMessage } from '../../../api/realtime';
import { floorQueryOptions } from './get-floor';

const AFFECTS_FLOOR = new Set(['presence.changed', 'lead.created', 'lead.assigned', 'lead.updated', 'lead.sla_breached']);
/** A busy call center sends many events a second: the floor is read again at most this often. */
const THROTTLE_MS = 1000;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Someone changed status, an inquiry arrived, was taken or missed its deadline: the live floor reads itself again. */
export function applyFloorEvent(queryClient: QueryClient, message: RealtimeMessage): void {
  if (!AFFECTS_FLOOR.has(message.type) || timer) return;
  timer = setTimeout(() => {
    timer = undefined;
    void queryClient.invalidateQueries({ queryKey: floorQueryOptions().queryKey });
  }, THROTTLE_MS);
}
