import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { asOnboarded, PAYMENTS } from '../../examples/teams';
import { Guardrails, Platform, TeamEnvironment } from '../../src';
import { RawResource } from '../guardrails/util';
import { captureWarnings } from '../util';

/**
 * A team repository that weakens the guardrails the platform's published
 * settings set (issue 26): in the tenancy model the platform decides which
 * environments are production, how long a suppression may last, and which
 * rules run, for every stack the team's app synthesizes. Each case must fail
 * at synth, naming what the team did.
 */

const PLATFORM_JSON = path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json');
const FIVE_YEARS = `${new Date().getUTCFullYear() + 5}-06-30`;

/** A public repository (GP-GH-001 in any environment), otherwise as the rules want it. */
const publicRepository = (stack: TerraformStack) => {
  new RawResource(stack, 'site', 'github_repository', { name: 'site', visibility: 'public', vulnerability_alerts: true });
  new RawResource(stack, 'site-main', 'github_branch_protection', {
    repository_id: '${github_repository.site.node_id}',
    pattern: 'main',
    enforce_admins: true,
    required_pull_request_reviews: [{ required_approving_review_count: 1 }],
    required_status_checks: [{ strict: true, contexts: ['ci'] }],
  });
};
/** A zonal production Cloud SQL instance without deletion protection: production-only rules. */
const productionDatabase = (stack: TerraformStack) => new RawResource(stack, 'ledger', 'google_sql_database_instance', {
  name: 'ledger-prod',
  database_version: 'POSTGRES_16',
  deletion_protection: false,
  settings: { tier: 'db-custom-2-7680', availability_type: 'ZONAL', backup_configuration: { enabled: true, point_in_time_recovery_enabled: true }, ip_configuration: { ipv4_enabled: false, ssl_mode: 'ENCRYPTED_ONLY', private_network: 'projects/acme-net/global/networks/shared' } },
});

interface Case {
  readonly name: string;
  /** What the team's code does, before (`early`) or after the platform and its team are built. */
  readonly early?: (app: App) => void;
  readonly late?: (app: App, team: TeamEnvironment) => void;
  /** The error synth (or the call) must fail with. */
  readonly error: RegExp;
}

const extra = (app: App) => (app.node.tryFindChild('extra') as TerraformStack | undefined) ?? new TerraformStack(app, 'extra');

const CASES: Case[] = [
  {
    name: 'maxSuppressionDays raised on a team stack',
    late: (_app, team) => team.platform.stacks[0].guardrails.configure({ maxSuppressionDays: 3650 }),
    error: /invalid maxSuppressionDays 3650: would let suppressions last 3650 days, longer than the 365 the platform allows/,
  },
  {
    name: 'maxSuppressionDays raised on a stack of the team\'s own, before the platform, then a five-year suppression',
    early: (app) => Guardrails.of(extra(app)).configure({ maxSuppressionDays: 3650 }),
    late: (_app, team) => Guardrails.suppress(team, 'GP-GH-001', 'Marketing wants the site public for five years', { expires: FIVE_YEARS }),
    error: /invalid options\.expires ".*": is more than 365 days ahead/,
  },
  {
    name: 'a stack of the team\'s own with its guardrails turned off',
    early: (app) => {
      Guardrails.of(extra(app)).configure({ enabled: false });
      publicRepository(extra(app));
    },
    error: /GP-GH-001 error at extra\/site .*\(stack extra has guardrails of its own, not the platform's; judged by payments\/guardrails\)/,
  },
  {
    name: 'a stack of the team\'s own with the rule disabled, made after the platform',
    late: (app) => {
      Guardrails.of(extra(app)).configure({ disabledRules: ['GP-GH-001'] });
      publicRepository(extra(app));
    },
    error: /GP-GH-001 error at extra\/site .*judged by payments\/guardrails/,
  },
  {
    name: 'a stack of the team\'s own where no environment is production',
    early: (app) => {
      Guardrails.of(extra(app)).configure({ productionEnvironments: ['none'] });
      productionDatabase(extra(app));
    },
    error: /GP-GCP-\d+ error at extra\/ledger .*judged by payments\/guardrails/,
  },
  {
    name: 'a stack of the team\'s own that covers the app, turned off, made first',
    early: (app) => {
      Guardrails.of(extra(app)).configure({ coverApp: true, enabled: false });
      publicRepository(extra(app));
    },
    error: /GP-GH-001 error at extra\/site .*judged by payments\/guardrails/,
  },
];

function synthTeam(c: Case): string | undefined {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'team-guardrails-')) });
  try {
    c.early?.(app);
    const platform = Platform.fromFile(app, 'acme', PLATFORM_JSON);
    const team = new TeamEnvironment(platform, 'payments', asOnboarded(PAYMENTS));
    c.late?.(app, team);
    return captureWarnings(() => app.synth()).error;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('a team repository cannot weaken the platform\'s guardrails', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(synthTeam(c) ?? 'synthesized without an error').toMatch(c.error);
  });

  test('production names a team adds join the production environments in force, never replace them', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'team-guardrails-')) });
    const stack = new TerraformStack(app, 'locked');
    const guardrails = Guardrails.of(stack);
    guardrails._lock('the platform\'s published settings (platform.json)');
    guardrails.configure({ productionEnvironments: ['live'] });
    expect(guardrails.productionEnvironments).toEqual(['prod', 'production', 'live']);
  });

  test('a stack of the team\'s own that breaks no rule still synthesizes', () => {
    expect(synthTeam({ name: 'clean', early: (app) => Guardrails.of(extra(app)).configure({ disabledRules: ['GP-GH-001'] }), error: /./ })).toBeUndefined();
  });
});
