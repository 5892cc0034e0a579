import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { realtime } from '../api/realtime';
import { useUser } from '../features/auth';
import { applyFloorEvent } from '../features/floor';
import { applyLeadEvent } from '../features/leads';
import { applyMessageEvent } from '../features/messages';
import { applyPresenceEvent } from '../features/presence';
import { applyAppointmentEvent } from '../features/schedules';

/** Socket events update the query caches of every feature; a resync reloads everything on screen. */
export function RealtimeBridge() {
  const queryClient = useQueryClient();
  const user = useUser();
  useEffect(() => {
    const offEvent = realtime.onEvent((message) => {
      applyLeadEvent(queryClient, message, user.id);
      applyAppointmentEvent(queryClient, message);
      applyPresenceEvent(queryClient, message, user.id);
      applyFloorEvent(queryClient, message);
      applyMessageEvent(queryClient, message);
    });
    const offResync = realtime.onResync(() => void queryClient.invalidateQueries());
    return () => {
      offEvent();
      offResync();
    };
  }, [queryClient, user.id]);
  return null;
}
