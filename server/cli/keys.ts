// npm run keys -- create --name NAME [--allow CIDR,...]   prints the new key, once
// npm run keys -- list
// npm run keys -- revoke (--id N | --prefix jwi_XXXXXXXX)
// API keys of payment partners and integrations. Uses DATABASE_URL like the server.
import { parseArgs } from 'node:util';
import { apiKeyRepository } from '../keys/repository.js';
import { apiKeyService } from '../keys/service.js';
import { commandContext, runCommand, usageError } from './run.js';

const USAGE = `usage:
  npm run keys -- create --name NAME [--allow CIDR,...]
  npm run keys -- list
  npm run keys -- revoke (--id N | --prefix PREFIX)`;

await runCommand(USAGE, async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, allow: { type: 'string' }, id: { type: 'string' }, prefix: { type: 'string' } },
  });
  const [command, ...extra] = positionals;
  if (!command || extra.length > 0 || !['create', 'list', 'revoke'].includes(command)) throw usageError(USAGE);
  if (command === 'create' && !values.name?.trim()) throw usageError(`create needs --name\n${USAGE}`);
  if (command === 'revoke' && !values.id === !values.prefix) throw usageError(`revoke needs --id or --prefix\n${USAGE}`);

  const ctx = await commandContext();
  const keys = apiKeyService(apiKeyRepository(ctx.db), ctx.clock);
  try {
    if (command === 'create') {
      let created;
      try {
        created = await keys.create(values.name!.trim(), values.allow);
      } catch (error) {
        throw usageError(`--allow: ${(error as Error).message}`);
      }
      console.log(`Created key #${created.row.id} "${created.row.name}"${created.row.allowed_cidrs ? ` for ${created.row.allowed_cidrs}` : ' for any address'}.`);
      console.log(`\n  ${created.key}\n\nSend it as the X-MYWIFI-KEY header. It is shown only now: store it safely.`);
    } else if (command === 'list') {
      const rows = await keys.list();
      if (rows.length === 0) console.log('No keys.');
      // Stored in Jakarta time (WIB), as every time of the API: said with its offset.
      const wib = (time: string | null) => `${time}+07:00`;
      for (const row of rows) {
        const state = row.is_active ? 'active' : `revoked ${wib(row.revoked_at)}`;
        console.log(`#${row.id}  ${row.key_prefix}...  ${row.name}  ${row.allowed_cidrs ?? 'any address'}  created ${wib(row.created_at)}  ${state}`);
      }
    } else {
      const revoked = await keys.revoke(values.id ? { id: Number(values.id) } : { prefix: values.prefix! });
      if (revoked === 0) throw usageError('No active key matches.');
      console.log(`Revoked ${revoked} key(s).`);
    }
  } finally {
    await ctx.database.close();
  }
});
