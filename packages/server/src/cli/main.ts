// The `terapi` command (spec/operations.md "Commands").
import { Command, Option } from 'commander';
import { startCommand } from './start-command.js';
import { processIo } from '../functions/cli-client.js';
import { DEFAULT_FUNCTIONS_DIR } from '../functions/default-functions-dir.js';
import { terapiVersion } from '../server/terapi-version.js';

// Commands load their modules when they run: `deploy` needs the TypeScript compiler (~70 MB), which a
// running server must not carry.

/** The provider simulators `terapi sim NAME` can start, by catalog name. */
const SIMULATORS: Record<string, (argv: string[]) => Promise<void>> = {
  salesforce: async (argv) => (await import('@terapi/salesforce-sim')).runSalesforceSimCli(argv),
};

const program = new Command('terapi').description('terapi: integration infrastructure, Salesforce first').version(terapiVersion());

program
  .command('start')
  .description('start the API and the worker (embedded PostgreSQL unless DATABASE_URL is set)')
  .option('--port <port>', 'HTTP port (TERAPI_PORT)', (v) => Number(v))
  .option('--data-dir <dir>', 'data directory (TERAPI_DATA_DIR)')
  .addOption(new Option('--role <role>', 'process role (TERAPI_ROLE)').choices(['all', 'api', 'worker']))
  .action((opts: { port?: number; dataDir?: string; role?: string }) => startCommand({ port: opts.port, dataDir: opts.dataDir, role: opts.role }));

program
  .command('deploy')
  .description('type-check, bundle and upload the functions in DIR to TERAPI_HOST with TERAPI_SECRET_KEY')
  .argument('[dir]', 'functions folder: <integration>/syncs|actions/*.ts', DEFAULT_FUNCTIONS_DIR)
  .action(async (dir: string) => {
    const { deployCommand } = await import('./deploy-command.js');
    process.exit(await deployCommand(dir, processIo));
  });

program
  .command('dryrun')
  .description('run one deployed function against a live connection and print what it would save or return (saves nothing)')
  .argument('<name>', 'function name')
  .argument('<connection-id>', 'connection id')
  .option('--integration <key>', 'integration unique key (when several integrations have a function of this name)')
  .option('--input <json>', 'action input as JSON')
  .option('--last-sync-date <iso>', 'lastSyncDate to give a sync (default: none, as on a first run)')
  .action(async (name: string, connectionId: string, opts: { integration?: string; input?: string; lastSyncDate?: string }) => {
    const { dryrunCommand } = await import('./dryrun-command.js');
    process.exit(await dryrunCommand(name, connectionId, opts, processIo));
  });

program
  .command('demo')
  .description('an offline end-to-end tour: simulator, integration, OAuth connection, sync, records, proxy')
  .action(async () => {
    const { runDemo } = await import('../demo/run-demo.js');
    try {
      await runDemo({ out: (l) => console.log(l) });
      process.exit(0);
    } catch (err) {
      console.error(`demo failed: ${(err as Error).message}`);
      process.exit(1);
    }
  });

program
  .command('sim')
  .description('run a local simulator of a provider')
  .argument('<provider>', 'salesforce')
  .argument('[options...]', 'the simulator\'s own options: --port N --seed N --callback-url URL --json')
  .allowUnknownOption(true)
  .allowExcessArguments(true)
  .helpOption(false)
  .action(async (provider: string) => {
    const run = SIMULATORS[provider];
    if (!run) {
      console.error(`No simulator for "${provider}"; available: ${Object.keys(SIMULATORS).join(', ')}`);
      process.exit(2);
    }
    await run(process.argv.slice(process.argv.indexOf(provider) + 1));
  });

await program.parseAsync(process.argv);
