import * as fs from 'fs';
import * as path from 'path';
import { CliError, integerOption, type Io, paint, parseCommand, progress } from './cli';
import { findRepository, readJson, SERVICES_DIR, synth, writeJson } from './team-repository';

export const SCALE = {
  name: 'scale',
  usage: `Usage: golden-paths scale <service> --env <env> (--min <n> --max <n> | --replicas <n>)

Changes a service's scaling in one environment, in its file services/<service>.json (under
"environments"): an autoscaling range with --min/--max, or a fixed count with --replicas (which
turns autoscaling off there). The change is synthesized first, in a copy: a range the team's
quota cannot hold, or that the guardrails refuse, is reported and nothing is written. Open a pull
request with the change: merging it deploys it.

Options:
  --env <env>       the environment, such as prod
  --min <n>         the fewest replicas the autoscaler keeps
  --max <n>         the most replicas the autoscaler adds
  --replicas <n>    a fixed number of replicas, without autoscaling
  -h, --help        show this help`,
  options: {
    env: { type: 'string' },
    min: { type: 'string' },
    max: { type: 'string' },
    replicas: { type: 'string' },
  },
  positionals: [1, 1],
} as const;

/** `golden-paths scale`. */
export async function scale(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(SCALE, argv);
  const repo = findRepository(io.cwd);
  const service = positionals[0];
  const relative = `services/${service}.json`;
  const file = path.join(repo.servicesDir, `${service}.json`);
  const declaration = fs.existsSync(file) ? readJson(file) : undefined;
  if (declaration?.kind !== 'service') {
    throw CliError.invalid('scale', { prop: '<service>', value: service, problem: 'is not a service declared under services/', fix: 'give the name of a services/<name>.json with "kind": "service"' });
  }
  const env = String(values.env ?? '');
  if (!repo.environments.some((e) => e.name === env)) {
    throw CliError.invalid(relative, { prop: '--env', value: values.env, problem: values.env === undefined ? 'is missing' : 'is not an environment of the platform', fix: `pass one of ${repo.environments.map((e) => `--env ${e.name}`).join(', ')}` });
  }
  const min = integerOption(relative, 'min', values.min as string | undefined, 1, 1000);
  const max = integerOption(relative, 'max', values.max as string | undefined, 1, 1000);
  const replicas = integerOption(relative, 'replicas', values.replicas as string | undefined, 0, 1000);
  if (replicas !== undefined && (min !== undefined || max !== undefined)) {
    throw CliError.invalid(relative, { prop: '--replicas', value: replicas, problem: 'cannot go with --min or --max (a fixed count turns autoscaling off)', fix: 'pass either --min and --max, or --replicas' });
  }
  if (replicas === undefined && (min === undefined || max === undefined)) {
    throw CliError.invalid(relative, { prop: min === undefined ? '--min' : '--max', value: undefined, problem: 'is missing', fix: 'pass both --min and --max (e.g. --min 2 --max 10), or --replicas 3' });
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw CliError.invalid(relative, { prop: '--min', value: min, problem: `is above --max ${max}`, fix: `pass a --min of at most ${max}` });
  }

  const environments = { ...(declaration.environments ?? {}) };
  const current = { ...(environments[env] ?? {}) };
  if (replicas !== undefined) {
    current.replicas = replicas;
    current.autoscaling = { ...(current.autoscaling ?? {}), enabled: false };
    delete current.autoscaling.minReplicas;
    delete current.autoscaling.maxReplicas;
  } else {
    current.autoscaling = { ...(current.autoscaling ?? {}), enabled: true, minReplicas: min, maxReplicas: max };
    // The Deployment starts with the fewest replicas the range allows; the autoscaler owns the count after.
    current.replicas = min;
  }
  environments[env] = current;
  const changed = { ...declaration, environments };

  // Judge the change in a copy of services/: the team's quotas and the guardrails run at synth. The copy
  // sits beside services/, so that its .ts files import what services/ imports (the repository's
  // node_modules, ../team) and its errors name services/ again.
  const copy = fs.mkdtempSync(path.join(repo.root, '.services-scale-'));
  try {
    fs.cpSync(repo.servicesDir, copy, { recursive: true });
    writeJson(path.join(copy, `${service}.json`), changed);
    progress(io, `checking ${service} in ${env} against the team's quotas and guardrails`);
    try {
      await synth(repo, io, { outdir: path.join(copy, '.out'), servicesDir: copy });
    } catch (e) {
      if (e instanceof CliError) throw new CliError(`${relative} not changed: ${e.message.split(copy).join(repo.servicesDir).split(path.basename(copy)).join(SERVICES_DIR)}`, e.exitCode);
      throw e;
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
  writeJson(file, changed);
  const what = replicas !== undefined ? `${replicas} replicas (autoscaling off)` : `autoscaling ${min}-${max}`;
  io.out(`${paint(io, 'green', 'Scaled')} ${service} in ${env} to ${what} in ${relative}. Open a pull request: merging it deploys the change.`);
  return 0;
}
