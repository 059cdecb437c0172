// The `terapi` command (spec/operations.md "Commands").
import { Command, Option } from 'commander';
import { startCommand } from './start-command.js';

const program = new Command('terapi').description('terapi: integration infrastructure, Salesforce first').version('0.1.0');

program
  .command('start')
  .description('start the API and the worker (embedded PostgreSQL unless DATABASE_URL is set)')
  .option('--port <port>', 'HTTP port (TERAPI_PORT)', (v) => Number(v))
  .option('--data-dir <dir>', 'data directory (TERAPI_DATA_DIR)')
  .addOption(new Option('--role <role>', 'process role (TERAPI_ROLE)').choices(['all', 'api', 'worker']))
  .action((opts: { port?: number; dataDir?: string; role?: string }) => startCommand({ port: opts.port, dataDir: opts.dataDir, role: opts.role }));

program
  .command('sim')
  .description('run a local simulator of a provider')
  .argument('<provider>', 'salesforce')
  .allowUnknownOption(true)
  .helpOption(false)
  .action(async (provider: string) => {
    if (provider !== 'salesforce') {
      console.error(`No simulator for "${provider}"; available: salesforce`);
      process.exit(2);
    }
    const { runSalesforceSimCli } = await import('@terapi/salesforce-sim');
    const rest = process.argv.slice(process.argv.indexOf(provider) + 1);
    await runSalesforceSimCli(rest);
  });

await program.parseAsync(process.argv);
