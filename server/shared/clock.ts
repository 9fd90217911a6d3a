// Time, injectable so that tests can move it (token and OTP expiry). The API speaks Asia/Jakarta
// local time (UTC+7, no daylight saving).
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `YYYY-MM-DD HH:MM:SS` in Jakarta time. */
export function jakartaDateTime(at: Date): string {
  return new Date(at.getTime() + JAKARTA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** `YYYY-MM-DD` in Jakarta time. */
export function jakartaDate(at: Date): string {
  return jakartaDateTime(at).slice(0, 10);
}

export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The billing period as the API writes it: `January 2024`. */
export function periodName(month: number, year: number): string {
  return `${MONTHS[month - 1]} ${year}`;
}
