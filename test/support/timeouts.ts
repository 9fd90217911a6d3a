// Timeouts of the outside systems (fake routers, gateways, FCM) in the tests. A success path waits
// long: on a loaded machine a fake may take a second to answer, and that is not a failure. Only the
// tests of a fake that never answers use the short one, since they wait all of it.
export const PATIENT_MS = 10_000;
export const IMPATIENT_MS = 500;
