import type { MaintenanceWindow } from '../config-schema.ts';

function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h as number) * 60 + (m as number);
}

/** Whether `path` is silenced at `now` (epoch ms). Daily windows are in UTC and may wrap midnight. */
export function inMaintenance(windows: readonly MaintenanceWindow[], path: string, now: number): boolean {
  return windows.some((w) => {
    if (w.paths && !w.paths.includes(path)) return false;
    if (w.start && w.end) return now >= Date.parse(w.start) && now < Date.parse(w.end);
    if (w.daily) {
      const date = new Date(now);
      const minute = date.getUTCHours() * 60 + date.getUTCMinutes();
      const from = minutesOfDay(w.daily.from);
      const to = minutesOfDay(w.daily.to);
      return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
    }
    return false;
  });
}
