#!/usr/bin/env node
/**
 * golden-paths: the team and platform repositories' command. `init` writes
 * a repository; `synth`, `check` and `status` work in either; `add service`,
 * `add database`, `scale`, `diff`, `deploy` and `secret` in a team
 * repository, `add team` in the platform repository.
 */
import { addDatabase, addService } from '../cli/add';
import { addTeam } from '../cli/add-team';
import { affectedCommand } from '../cli/affected';
import { check } from '../cli/check';
import { CliError, COMMAND, ExitCode, fileProblem, HelpRequested, type Io, paint, processIo } from '../cli/cli';
import { terraform } from '../cli/deploy';
import { init } from '../cli/init';
import { metricsCommand } from '../cli/metrics';
import { reportCommand } from '../cli/report';
import { scale } from '../cli/scale';
import { secretList, secretSet } from '../cli/secret';
import { status } from '../cli/status';
import { synthCommand } from '../cli/synth';
import { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';

const USAGE = `Usage: ${COMMAND} <command> [options]

The platform's self-service for product teams: from nothing to a deployed golden-path service.

Commands:
  init <dir> --team <name> --platform <platform.json|package> --maintainers <logins>
                                   write a team infrastructure repository
  init <dir> --platform-repository --settings <platform-settings.json>
                                   write the platform repository
  add service <name>               declare a Go/gin service (services/<name>.json)
  add database <name>              declare a managed database
  add team <name> --maintainers <logins>
                                   add a team to the platform repository (teams/<name>.json)
  synth [--jobs <n>]               synthesize into cdktf.out (fast synth; teams shared out to n processes)
  check                            synth, guardrails, catalog validation and a summary
  status [service]                 what each environment declares (--live: rollout status);
                                   in the platform repository, the foundation and each team
  scale <service> --env <env>      change replicas or the autoscaling range, checked against quotas
  diff --env <env>                 cdktf diff of the team stack and the environment's stack
  deploy --env <env>               cdktf deploy of the same, team stack first
  affected --base <cdktf.out>      the stacks a change touches, in waves that respect dependencies
  report [--markdown|--json|--html <file>]
                                   cost estimate and golden-path adoption of a synth output (--base: a change's)
  secret set <service> <NAME> --env <env> < value
                                   add a version to a service's Secret Manager secret (value from stdin)
  secret list [service]            the services' Secret Manager secrets: versions and rotation, never values
  metrics [--since 30d] [--markdown|--json]
                                   DORA delivery measures from GitHub, and the platform's KPIs

Run ${COMMAND} <command> --help for a command's options.
Exit status: 0 ok, 1 findings or a failed diff/deploy, 2 a usage or input error.`;

type Command = (argv: readonly string[], io: Io) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  'init': init,
  'add service': addService,
  'add database': addDatabase,
  'add team': addTeam,
  'synth': synthCommand,
  'check': check,
  'status': status,
  'scale': scale,
  'diff': (argv, io) => terraform('diff', argv, io),
  'deploy': (argv, io) => terraform('deploy', argv, io),
  'affected': affectedCommand,
  'report': reportCommand,
  'secret set': secretSet,
  'secret list': secretList,
  'metrics': metricsCommand,
};

/** Commands that take a subcommand (`add service`, `secret set`): what each offers. */
const GROUPS: Record<string, string> = { add: 'service, database or team', secret: 'set or list' };

/** Runs the command line `argv` (without node and the script); resolves with the exit status. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.out(USAGE);
    return first === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  const group = Object.hasOwn(GROUPS, first) ? GROUPS[first] : undefined;
  const name = group !== undefined ? `${first} ${second ?? ''}`.trim() : first;
  // Own keys only: "constructor" or "toString" is no command.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`${COMMAND}: ${group !== undefined ? `${first} what? "${second ?? ''}" is not ${group}` : `unknown command "${first}"`}. Run ${COMMAND} --help for the commands.`);
    return ExitCode.USAGE;
  }
  try {
    return await command(argv.slice(group !== undefined ? 2 : 1), io);
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.out(e.usage);
      return ExitCode.OK;
    }
    const input = inputError(e);
    if (input) {
      io.err(`${paint(io, 'red', `${COMMAND} ${name}:`)} ${input.message}`);
      if (input.helpFor) io.err(`Run ${COMMAND} ${input.helpFor} --help for the options.`);
      return input.exitCode;
    }
    // A defect of this command, not of the input: one line, no stack trace, and how to report it.
    io.err(`${COMMAND} ${name}: internal error: ${(e as Error)?.message ?? String(e)}. Set GOLDEN_PATHS_DEBUG=1 for the stack trace and report it to the platform team.`);
    if (process.env.GOLDEN_PATHS_DEBUG) io.err(String((e as Error)?.stack));
    return ExitCode.USAGE;
  }
}

/**
 * `e` as an error of the input, when it is one: a CliError; a file-system
 * error on a path the user gave (a file where a folder belongs, a missing
 * file); or a GoldenPathsValidationError, which the library throws for every
 * prop, setting and declaration it refuses (the settings and declaration
 * readers do). Anything else is a defect of the command, whatever its message
 * looks like.
 */
function inputError(e: unknown): CliError | undefined {
  if (e instanceof CliError) return e;
  const file = fileProblem(e);
  if (file) return file;
  if (GoldenPathsValidationError.isGoldenPathsValidationError(e)) return new CliError(e.message);
  return undefined;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
