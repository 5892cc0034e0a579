/** Seconds to wait before retrying a failed job: doubles per attempt from `baseSec`, capped at `maxSec`. */
export function retryDelaySec(attempt: number, baseSec: number, maxSec = 3600): number {
  if (attempt < 1 || baseSec <= 0) return 0;
  return Math.min(maxSec, baseSec * 2 ** Math.min(attempt - 1, 30));
}
