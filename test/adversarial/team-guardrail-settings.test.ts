import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { asOnboarded, PAYMENTS } from '../../examples/teams';
import { GuardrailLevel, GuardrailPack, Guardrails, Platform, TeamEnvironment } from '../../src';
import { run } from '../../src/bin/cdktf-guardrails';
import { gp, writePlatform } from '../cli/run-cli';
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

/** A production secret (environment `env`) and `member` reading it, written by hand. */
const secretReadBy = (stack: TerraformStack, member: string, env = 'prod') => {
  new RawResource(stack, 'ledger-key', 'google_secret_manager_secret', {
    project: `acme-payments-${env}`, secret_id: `ledger-${env}-api-key`, labels: { environment: env }, replication: { auto: {} },
  });
  new RawResource(stack, 'ledger-key-reader', 'google_secret_manager_secret_iam_member', {
    project: `acme-payments-${env}`, secret_id: '${google_secret_manager_secret.ledger-key.secret_id}', role: 'roles/secretmanager.secretAccessor', member,
  });
};

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
    name: 'a break-glass member added on a team stack',
    late: (_app, team) => team.platform.stacks[0].guardrails.configure({ breakGlassMembers: ['group:payments@acme.com'] }),
    error: /invalid breakGlassMembers\[0\] "group:payments@acme\.com": would let it read production secrets, but the guardrails of this stack are set by the platform's published settings/,
  },
  {
    name: 'a stack of the team\'s own whose guardrails let its group read a production secret',
    early: (app) => {
      Guardrails.of(extra(app)).configure({ breakGlassMembers: ['group:payments@acme.com'] });
      secretReadBy(extra(app), 'group:payments@acme.com');
    },
    error: /GP-SEC-004 error at extra\/ledger-key-reader .*judged by payments\/guardrails/,
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

/**
 * The same in cdktf-guardrails (`--platform <platform.json>`, as golden-paths
 * check passes it in a team repository): a team's app need not build a
 * Platform at all, so its signed report may record settings of its own.
 * With the platform's settings given, they are the floor: the packs run, the
 * rules stay on at their level, the production environments count and the
 * limit on suppressions holds, whatever the report says; a report below them
 * is an error of its own. Each case is a team app whose synth passed.
 */
describe('cdktf-guardrails --platform: the platform\'s settings win over a team\'s synth report', () => {
  const KEY = 'a-key-this-job-keeps-to-itself';
  const IN_200_DAYS = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
  /** The platform: production is "live", suppressions last 90 days at most. */
  const platformFile = () => writePlatform(fs.mkdtempSync(path.join(os.tmpdir(), 'platform-json-')), {
    environments: [{ name: 'dev' }, { name: 'live', production: true }],
    guardrails: { maxSuppressionDays: 90 },
  });

  /** A team app of one plain stack, `payments-live`, synthesized with its report signed; returns the stack folder. */
  function teamOutput(build: (stack: TerraformStack) => void, key: string | undefined = KEY): string {
    const saved = process.env.GOLDEN_PATHS_REPORT_KEY;
    if (key === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
    else process.env.GOLDEN_PATHS_REPORT_KEY = key;
    try {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'team-report-')) });
      const stack = new TerraformStack(app, 'payments-live');
      build(stack);
      const { error } = captureWarnings(() => app.synth());
      expect(error).toBeUndefined();
      return path.join(app.outdir, 'stacks', 'payments-live');
    } finally {
      if (saved === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
      else process.env.GOLDEN_PATHS_REPORT_KEY = saved;
    }
  }

  function judge(dir: string, ...flags: string[]): { status: number; errors: string[]; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const status = run([...flags, dir], (l) => out.push(l), (l) => err.push(l), { GOLDEN_PATHS_REPORT_KEY: KEY });
    const errors = out.flatMap((l) => /^ {2}ERROR +(GP-[A-Z0-9]+-\d+) /.exec(l)?.[1] ?? []);
    return { status, errors, out: out.join('\n'), err: err.join('\n') };
  }

  const liveDatabase = (stack: TerraformStack) => new RawResource(stack, 'ledger', 'google_sql_database_instance', {
    name: 'ledger-live',
    database_version: 'POSTGRES_16',
    deletion_protection: false,
    settings: { tier: 'db-custom-2-7680', availability_type: 'REGIONAL', backup_configuration: { enabled: true, point_in_time_recovery_enabled: true }, ip_configuration: { ipv4_enabled: false, ssl_mode: 'ENCRYPTED_ONLY', private_network: 'projects/acme-net/global/networks/shared' } },
  });

  const PLATFORM_CASES: Array<[string, (stack: TerraformStack) => void, string, RegExp | undefined]> = [
    ['the rule disabled', (s) => { Guardrails.of(s).configure({ disabledRules: ['GP-GH-001'] }); publicRepository(s); }, 'GP-GH-001', /rules disabled: GP-GH-001/],
    ['the error lowered to a warning', (s) => { Guardrails.of(s).configure({ ruleLevels: { 'GP-GH-001': GuardrailLevel.WARNING } }); publicRepository(s); }, 'GP-GH-001', /errors lowered to warnings: GP-GH-001/],
    ['the GitHub pack off', (s) => {
      Guardrails.of(s).configure({ packs: [GuardrailPack.KUBERNETES, GuardrailPack.GOOGLE_CLOUD, GuardrailPack.SECRETS, GuardrailPack.TERRAFORM] });
      publicRepository(s);
    }, 'GP-GH-001', /packs off: github/],
    ['no environment production', (s) => { Guardrails.of(s).configure({ productionEnvironments: ['none'] }); liveDatabase(s); }, 'GP-GCP-005', /production environments left out: live/],
    ['the defaults, which do not know the platform\'s production environment', (s) => { Guardrails.of(s); liveDatabase(s); }, 'GP-GCP-005', /production environments left out: live/],
    ['suppressions allowed longer, and one for 200 days', (s) => {
      Guardrails.of(s).configure({ maxSuppressionDays: 3650 });
      publicRepository(s);
      Guardrails.suppress(s.node.findChild('site'), 'GP-GH-001', 'Marketing wants the site public until the launch', { expires: IN_200_DAYS });
    }, 'GP-GH-001', /suppressions may last 3650 days, not 90/],
    ['a break-glass member of its own reading a production secret', (s) => {
      Guardrails.of(s).configure({ productionEnvironments: ['live'], breakGlassMembers: ['group:payments@acme.com'] });
      secretReadBy(s, 'group:payments@acme.com', 'live');
    }, 'GP-SEC-004', /break-glass members the platform does not name: group:payments@acme\.com/],
  ];

  test.each(PLATFORM_CASES)('a team app with %s is judged with the platform\'s settings', (_name, build, rule, below) => {
    const dir = teamOutput(build);
    const judged = judge(dir, '--platform', platformFile());
    expect(judged.status).toBe(1);
    expect(judged.errors).toContain(rule);
    expect(judged.out).toMatch(below!);
    expect(judged.out).toContain('the synth\'s guardrail settings fall below the platform\'s');
    // --allow-weakened accepts the report's settings, not a lower floor: the finding stays.
    expect(judge(dir, '--platform', platformFile(), '--allow-weakened').errors).toContain(rule);
  });

  test('the platform\'s own break-glass group may read a production secret, as its settings say', () => {
    const file = writePlatform(fs.mkdtempSync(path.join(os.tmpdir(), 'platform-json-')), {
      environments: [{ name: 'dev' }, { name: 'live', production: true }],
      guardrails: { breakGlassMembers: ['group:break-glass@acme.com'] },
    });
    const reads = (member: string) => teamOutput((s) => {
      Guardrails.of(s).configure({ productionEnvironments: ['live'], breakGlassMembers: ['group:break-glass@acme.com', 'group:payments@acme.com'] });
      secretReadBy(s, member, 'live');
    });
    expect(judge(reads('group:break-glass@acme.com'), '--platform', file)).toMatchObject({ errors: [] });
    expect(judge(reads('group:payments@acme.com'), '--platform', file).errors).toContain('GP-SEC-004');
  });

  test('without a report that applies, the platform\'s settings are the ones in force', () => {
    const dir = teamOutput(liveDatabase, undefined);
    expect(judge(dir).errors).not.toContain('GP-GCP-005');
    expect(judge(dir, '--platform', platformFile()).errors).toContain('GP-GCP-005');
  });

  test('a team app stricter than the platform is judged by its own settings, with no error for them', () => {
    const dir = teamOutput((s) => { Guardrails.of(s).configure({ productionEnvironments: ['live', 'dev'], maxSuppressionDays: 30, ruleLevels: { 'GP-K8S-007': GuardrailLevel.ERROR } }); });
    const judged = judge(dir, '--platform', platformFile());
    expect(judged).toMatchObject({ status: 0, errors: [] });
    expect(judged.out).not.toContain('fall below');
  });

  test('the example team repository, on its platform.json, passes', () => {
    const saved = process.env.GOLDEN_PATHS_REPORT_KEY;
    process.env.GOLDEN_PATHS_REPORT_KEY = KEY;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-payments-'));
    try {
      buildPaymentsApp(outdir).synth();
    } finally {
      if (saved === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
      else process.env.GOLDEN_PATHS_REPORT_KEY = saved;
    }
    const judged = judge(outdir, '--platform', PLATFORM_JSON);
    expect(judged.out).not.toContain('fall below');
    expect(judged).toMatchObject({ status: 0, errors: [] });
    expect(judged.out).toMatch(/cdktf-guardrails: 0 errors, 0 warnings in 4 stacks/);
  });

  test('golden-paths check in a team repository holds its stacks to the repository\'s platform.json', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'team-check-'));
    writePlatform(repo, { environments: [{ name: 'dev' }, { name: 'live', production: true }] });
    fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'payments-infra', private: true, goldenPaths: { team: 'payments', platform: 'platform.json' } }));
    fs.writeFileSync(path.join(repo, 'cdktf.json'), JSON.stringify({ app: 'node main.js', output: 'cdktf.out' }));
    // The team's app built no Platform: its own guardrails, with the defaults, did not know "live" is production.
    fs.cpSync(path.dirname(path.dirname(teamOutput((s) => { Guardrails.of(s); liveDatabase(s); }))), path.join(repo, 'cdktf.out'), { recursive: true });
    const saved = process.env.GOLDEN_PATHS_REPORT_KEY;
    process.env.GOLDEN_PATHS_REPORT_KEY = KEY;
    try {
      const result = await gp(repo, 'check', '--no-synth');
      expect(result.code).toBe(1);
      expect(result.out).toMatch(/ERROR +GP-GCP-005 google_sql_database_instance\.ledger /);
      expect(result.out).toContain('production environments left out: live');
    } finally {
      if (saved === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
      else process.env.GOLDEN_PATHS_REPORT_KEY = saved;
    }
  });

  test('a --platform that is no platform settings file is an input error (exit 2) naming the file and the setting', () => {
    const dir = teamOutput((s) => { Guardrails.of(s); });
    const missing = path.join(os.tmpdir(), 'no-such-platform.json');
    expect(judge(dir, '--platform', missing)).toMatchObject({ status: 2, err: expect.stringContaining(`--platform: [${missing}] cannot read the platform settings`) });
    const badPack = writePlatform(fs.mkdtempSync(path.join(os.tmpdir(), 'platform-json-')), { guardrails: { packs: ['kubernetes', 'nope'], ruleLevels: { 'GP-GH-001': 'off' } } });
    const bad = judge(dir, '--platform', badPack);
    expect(bad.status).toBe(2);
    expect(bad.err).toContain(`--platform: [${badPack}] 2 invalid settings:`);
    expect(bad.err).toContain('invalid /guardrails/packs/1 "nope": is not a guardrail pack. Fix: use one of "kubernetes", "google-cloud", "github", "secrets", "terraform".');
    expect(bad.err).toContain('invalid /guardrails/ruleLevels/GP-GH-001 "off": is not a guardrail level. Fix: write "error" or "warning".');
    expect(judge(dir, '--platform', PLATFORM_JSON, '--platform', PLATFORM_JSON)).toMatchObject({ status: 2, err: expect.stringContaining('--platform is given twice') });
  });
});
