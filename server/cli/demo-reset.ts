// npm run demo:reset
// Puts the demo data back as the first `npm start` seeded it (every unpaid invoice unpaid again, the
// demo password, the demo keys), removing everything made since: for a demo whose invoices the
// suite, newman and the workflows have paid. Uses DATABASE_URL like the server; the server may
// keep running. Refused in production and on a database without the demo data.
import { parseArgs } from 'node:util';
import { resetDemo, NotADemoDatabase } from '../demo/reset.js';
import { commandContext, runCommand, usageError } from './run.js';

const USAGE = 'usage: npm run demo:reset   (DATABASE_URL names the database, as for npm start)';

await runCommand(USAGE, async () => {
  parseArgs({ options: {}, strict: true });
  const ctx = await commandContext();
  try {
    if (ctx.config.env === 'production') throw usageError('npm run demo:reset is refused when NODE_ENV=production');
    const tables = await resetDemo(ctx.database, ctx.clock).catch((error: unknown) => {
      throw error instanceof NotADemoDatabase ? usageError(`npm run demo:reset: ${error.message}`) : error;
    });
    console.log(`Demo data reset in ${ctx.database.location}: ${tables} tables emptied and seeded again as on a first npm start.`);
  } finally {
    await ctx.database.close();
  }
});
