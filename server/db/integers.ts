// The integer columns (ids, invoice numbers) are 32-bit on PostgreSQL. A number a request carries
// beyond that range names no row, and must not reach a query: PostgreSQL refuses the comparison (a
// 500), where SQLite simply finds nothing.
export const MAX_STORED_INTEGER = 2_147_483_647;

/** Whether `n` fits an integer column. */
export const storableInteger = (n: number): boolean => Number.isSafeInteger(n) && n >= -MAX_STORED_INTEGER - 1 && n <= MAX_STORED_INTEGER;

/** The id to look a row up by: `id`, or 0, which no row has (ids start at 1), when no column can hold it. */
export const lookupId = (id: number): number => (storableInteger(id) ? id : 0);
