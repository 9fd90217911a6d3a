// Timeouts of the outside systems (fake routers, gateways, FCM) in the tests. A success path waits
// long: on a loaded machine a fake may take a second to answer, and that is not a failure. Only the
// tests of a fake that never answers use the short one, since they wait all of it.
export const PATIENT_MS = 10_000;
export const IMPATIENT_MS = 500;

/** Reads `read()` until `done` holds of it (a log line written when a response finishes may come a
 * moment after the client has the response), for at most PATIENT_MS; the last value read. */
export async function eventually<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + PATIENT_MS;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
