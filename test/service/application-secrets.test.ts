import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import * as YAML from 'yaml';
import { EnvValue, GoMicroservice, Guardrails, Platform, TeamEnvironment, TeamServices } from '../../src';
import { SecretManagerSecretIamMember } from '../../src/private/providers/google';
import { SynthOutput } from '../../src/private/synth-output';
import { APP_PLATFORM_PROPS, errorOf, platformFixture, resource, resources, synth } from '../util';

/**
 * Application secrets on the golden path: EnvValue.fromSecretManager makes,
 * in each environment, a Secret Manager secret per secret id that only the
 * service's own Google service account may read, and GKE's Secret Manager
 * add-on mounts it into the service container
 * (https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component:
 * a SecretProviderClass with `provider: gke` and `parameters.secrets`, a list of
 * `resourceName` and `path`; a CSI volume with `driver: secrets-store-gke.csi.k8s.io`
 * and `volumeAttributes.secretProviderClass`). The parameter names are the
 * provider's (GoogleCloudPlatform/secrets-store-csi-driver-provider-gcp, config/config.go:
 * `resourceName`, `path`), which the add-on is built from.
 */

const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const SERVICE_PATH = 'test/platform/payments/payment-service';

function service() {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
  return { stack, platform, team, svc };
}

function twoSecrets() {
  const made = service();
  made.svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key'));
  made.svc.addEnv('WEBHOOK_SIGNING_KEY', EnvValue.fromSecretManager('webhook-signing-key'));
  return { ...made, json: synth(made.stack) };
}

const ofEnv = (json: any, type: string, env: string) => Object.entries<any>(resources(json, type))
  // Manifests: the SecretProviderClasses (a service's PodMonitoring is a manifest too).
  .filter(([, r]) => type !== 'kubernetes_manifest' || r.manifest?.kind === 'SecretProviderClass')
  .filter(([k, r]) => k.includes(`_${env}_secret-manager_`) || r.labels?.environment === env || r.metadata?.namespace === `payments-${env}` || r.manifest?.metadata?.namespace === `payments-${env}`
    || String(r.secret_id).includes(`_${env}_secret-manager_`));
const secretAddress = (json: any, env: string, secretId: string) => Object.keys(resources(json, 'google_secret_manager_secret'))
  .find((k) => json.resource.google_secret_manager_secret[k].secret_id === `payment-service-${env}-${secretId}`);

describe('a service with two Secret Manager secrets', () => {
  let made: ReturnType<typeof twoSecrets>;
  beforeAll(() => {
    made = twoSecrets();
  });

  test.each(ENVIRONMENTS)('%s: exactly two secrets, in the environment\'s project and the platform\'s region, labelled, with no value', (env) => {
    const secrets = ofEnv(made.json, 'google_secret_manager_secret', env).map(([, r]) => r);
    expect(secrets).toEqual(['stripe-api-key', 'webhook-signing-key'].map((id) => ({
      secret_id: `payment-service-${env}-${id}`,
      project: 'acme-prod',
      replication: { user_managed: { replicas: [{ location: 'europe-west1' }] } },
      labels: { 'managed-by': 'cdktf-golden-paths', 'team': 'payments', 'service': 'payment-service', 'environment': env },
      ...(env === 'prod' ? { deletion_protection: true } : {}),
    })));
    // The construct's view of the same secrets.
    expect(made.svc.workload(env).secrets.map((s) => [s.secretId, s.secretManagerId, s.resourceName, s.filePath])).toEqual(['stripe-api-key', 'webhook-signing-key'].map((id) => [
      id, `payment-service-${env}-${id}`, `projects/acme-prod/secrets/payment-service-${env}-${id}`, `/var/run/secrets/app/${id}`,
    ]));
  });

  test.each(ENVIRONMENTS)('%s: exactly two accessor bindings, each on its own secret, for the service\'s own account', (env) => {
    const members = ofEnv(made.json, 'google_secret_manager_secret_iam_member', env).map(([, r]) => r);
    expect(members.map((m) => ({ ...m, depends_on: undefined }))).toEqual(['stripe-api-key', 'webhook-signing-key'].map((id) => ({
      project: 'acme-prod',
      secret_id: `\${google_secret_manager_secret.${secretAddress(made.json, env, id)}.secret_id}`,
      role: 'roles/secretmanager.secretAccessor',
      member: `serviceAccount:payment-service-${env}@acme-prod.iam.gserviceaccount.com`,
      depends_on: undefined,
    })));
    expect(made.svc.workload(env).googleServiceAccountEmail).toBe(`payment-service-${env}@acme-prod.iam.gserviceaccount.com`);
  });

  test.each(ENVIRONMENTS)('%s: the SecretProviderClass names the latest version of each secret and its file', (env) => {
    const [[address, spc]] = ofEnv(made.json, 'kubernetes_manifest', env);
    expect(spc.manifest).toEqual({
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      kind: 'SecretProviderClass',
      metadata: { name: 'payment-service-secrets', namespace: `payments-${env}`, labels: made.svc.workload(env).labels },
      spec: {
        provider: 'gke',
        parameters: {
          secrets: `- resourceName: "projects/acme-prod/secrets/payment-service-${env}-stripe-api-key/versions/latest"\n  path: "stripe-api-key"\n`
            + `- resourceName: "projects/acme-prod/secrets/payment-service-${env}-webhook-signing-key/versions/latest"\n  path: "webhook-signing-key"\n`,
        },
      },
    });
    expect(made.svc.workload(env).secretManager?.secretProviderClassName).toBe('payment-service-secrets');
    // The provider reads the parameter as YAML: the list it reads is the secrets, in order.
    expect(YAML.parse(spc.manifest.spec.parameters.secrets)).toEqual(['stripe-api-key', 'webhook-signing-key'].map((id) => ({
      resourceName: `projects/acme-prod/secrets/payment-service-${env}-${id}/versions/latest`, path: id,
    })));
    expect(address).toBeDefined();
  });

  test.each(ENVIRONMENTS)('%s: the pods mount the class read-only and the variables hold the files\' paths', (env) => {
    const deployment = resource(made.json, 'kubernetes_deployment_v1', (r) => r.metadata.namespace === `payments-${env}`);
    const pod = deployment.spec.template.spec;
    expect(pod.volume).toEqual([
      { name: 'tmp', empty_dir: { size_limit: '256Mi' } },
      { name: 'secret-manager', csi: { driver: 'secrets-store-gke.csi.k8s.io', read_only: true, volume_attributes: { secretProviderClass: 'payment-service-secrets' } } },
    ]);
    expect(pod.container[0].volume_mount).toEqual([
      { name: 'tmp', mount_path: '/tmp' },
      { name: 'secret-manager', mount_path: '/var/run/secrets/app', read_only: true },
    ]);
    expect(pod.container[0].env).toEqual([
      { name: 'STRIPE_API_KEY_FILE', value: '/var/run/secrets/app/stripe-api-key' },
      { name: 'WEBHOOK_SIGNING_KEY_FILE', value: '/var/run/secrets/app/webhook-signing-key' },
    ]);
    expect(made.svc.workload(env).envNames).toEqual(['STRIPE_API_KEY_FILE', 'WEBHOOK_SIGNING_KEY_FILE']);
    // Pods start once the class exists and the service's account may read both secrets.
    const [[spc]] = ofEnv(made.json, 'kubernetes_manifest', env);
    const accessors = ofEnv(made.json, 'google_secret_manager_secret_iam_member', env).map(([k]) => `google_secret_manager_secret_iam_member.${k}`);
    expect(deployment.depends_on).toEqual(expect.arrayContaining([`kubernetes_manifest.${spc}`, ...accessors]));
    // The Kubernetes service account is the Workload Identity the add-on reads the secrets as.
    const sa = resource(made.json, 'kubernetes_service_account_v1', (r) => r.metadata.namespace === `payments-${env}` && r.metadata.name === 'payment-service');
    expect(sa.metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': `payment-service-${env}@acme-prod.iam.gserviceaccount.com` });
    expect(pod.service_account_name).toBe('payment-service');
  });

  test('no resource carries a secret value: no version, no Kubernetes Secret, no synced copy', () => {
    const types = Object.keys(made.json.resource);
    expect(types.filter((t) => /secret_version|secret_v1$|^kubernetes_secret$/.test(t))).toEqual([]);
    for (const [, secret] of Object.entries<any>(resources(made.json, 'google_secret_manager_secret'))) {
      expect(Object.keys(secret).sort()).toEqual(expect.not.arrayContaining(['secret_data', 'secret_data_wo', 'payload']));
    }
    for (const [, spc] of Object.entries<any>(resources(made.json, 'kubernetes_manifest')).filter(([, m]) => m.manifest.kind === 'SecretProviderClass')) {
      // secretObjects would copy the values into a Kubernetes Secret (the add-on refuses it anyway).
      expect(Object.keys(spc.manifest.spec).sort()).toEqual(['parameters', 'provider']);
    }
    // The service container reads files: no variable of it takes a value from a Secret.
    for (const env of ENVIRONMENTS) {
      const container = resource(made.json, 'kubernetes_deployment_v1', (r) => r.metadata.namespace === `payments-${env}`).spec.template.spec.container[0];
      for (const v of container.env) expect(v.value_from).toBeUndefined();
    }
  });

  test('no other principal can read the secrets: the only grants on them are each environment\'s service account, and no project-wide role reads secrets', () => {
    const secretAddresses = Object.keys(resources(made.json, 'google_secret_manager_secret'));
    expect(secretAddresses).toHaveLength(6);
    const onSecrets = Object.entries<any>(made.json.resource).filter(([t]) => /^google_secret_manager_secret_iam_/.test(t))
      .flatMap(([, byName]) => Object.values<any>(byName));
    expect(onSecrets).toHaveLength(6);
    for (const grant of onSecrets) {
      const target = secretAddresses.find((a) => grant.secret_id === `\${google_secret_manager_secret.${a}.secret_id}`)!;
      const env = made.json.resource.google_secret_manager_secret[target].labels.environment;
      expect(grant.member ?? grant.members).toBe(`serviceAccount:payment-service-${env}@acme-prod.iam.gserviceaccount.com`);
      expect(grant.role).toBe('roles/secretmanager.secretAccessor');
    }
    // Roles that read every secret of a project (predefined roles with secretmanager.versions.access).
    const reading = ['roles/secretmanager.secretAccessor', 'roles/secretmanager.admin', 'roles/owner', 'roles/editor'];
    for (const [type, byName] of Object.entries<any>(made.json.resource)) {
      if (!/^google_(project|folder|organization)_iam_/.test(type)) continue;
      for (const grant of Object.values<any>(byName)) expect(reading).not.toContain(grant.role);
    }
  });
});

describe('declaring secrets', () => {
  test('a secret in one environment is made in that environment only', () => {
    const { stack, svc } = service();
    svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key'), 'prod');
    const json = synth(stack);
    expect(Object.values<any>(resources(json, 'google_secret_manager_secret')).map((s) => s.secret_id)).toEqual(['payment-service-prod-stripe-api-key']);
    expect(Object.values<any>(resources(json, 'kubernetes_manifest')).filter((m) => m.manifest.kind === 'SecretProviderClass')).toHaveLength(1);
    expect(svc.workload('dev').secrets).toEqual([]);
    expect(svc.workload('dev').secretManager).toBeUndefined();
    const dev = resource(json, 'kubernetes_deployment_v1', (r) => r.metadata.namespace === 'payments-dev').spec.template.spec;
    expect(dev.volume.map((v: any) => v.name)).toEqual(['tmp']);
  });

  test('two variables may read the same secret: one secret, one file', () => {
    const { stack, svc } = service();
    svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key'));
    svc.addEnv('LEGACY_STRIPE_KEY', EnvValue.fromSecretManager('stripe-api-key'));
    const json = synth(stack);
    expect(Object.values<any>(resources(json, 'google_secret_manager_secret'))).toHaveLength(3);
    const container = resource(json, 'kubernetes_deployment_v1', (r) => r.metadata.namespace === 'payments-dev').spec.template.spec.container[0];
    expect(container.env).toEqual([
      { name: 'STRIPE_API_KEY_FILE', value: '/var/run/secrets/app/stripe-api-key' },
      { name: 'LEGACY_STRIPE_KEY_FILE', value: '/var/run/secrets/app/stripe-api-key' },
    ]);
    expect(container.volume_mount).toHaveLength(2);
  });

  test('services with secrets of the same id have secrets of their own', () => {
    const { stack, team, svc } = service();
    const other = new GoMicroservice(team, 'ledger', { name: 'ledger', description: 'Ledger' });
    svc.addEnv('API_KEY', EnvValue.fromSecretManager('api-key'));
    other.addEnv('API_KEY', EnvValue.fromSecretManager('api-key'));
    const json = synth(stack);
    const ids = Object.values<any>(resources(json, 'google_secret_manager_secret')).map((s) => s.secret_id).sort();
    expect(ids).toEqual(ENVIRONMENTS.flatMap((e) => [`ledger-${e}-api-key`, `payment-service-${e}-api-key`]).sort());
    const members = Object.values<any>(resources(json, 'google_secret_manager_secret_iam_member')).map((m) => m.member);
    expect(new Set(members)).toEqual(new Set(ENVIRONMENTS.flatMap((e) => [`serviceAccount:ledger-${e}@acme-prod.iam.gserviceaccount.com`, `serviceAccount:payment-service-${e}@acme-prod.iam.gserviceaccount.com`])));
  });

  test('the guardrails judge the SecretProviderClass (GP-SEC-002: it syncs nothing into a Kubernetes Secret) and the Deployment, with no finding and no suppression', () => {
    const made = twoSecrets();
    const evaluation = Guardrails.of(made.stack)._evaluateStack(made.stack, SynthOutput.terraformConfig(made.stack));
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.suppressed).toEqual([]);
    expect(evaluation.rules.map((r) => r.rule.id)).toEqual(expect.arrayContaining(['GP-K8S-016', 'GP-SEC-002', 'GP-SEC-004']));
  });
});

describe('GP-SEC-004: nobody but the service\'s account reads a production secret, but the platform\'s break-glass members', () => {
  /** The two-secret service in a platform with `breakGlassMembers`, and a hand-written grant on its production Stripe key. */
  function withGrant(member: string, breakGlassMembers?: string[]) {
    const { stack, platform } = platformFixture(breakGlassMembers ? { guardrails: { breakGlassMembers } } : {});
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
    svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key'));
    const secret = svc.workload('prod').secrets[0];
    new SecretManagerSecretIamMember(stack, 'support-reads-stripe', { project: secret.project, secretId: secret.secret.secretId, role: 'roles/secretmanager.secretAccessor', member });
    return { stack, platform };
  }

  test('a person reading the production secret fails synth, naming the grant, the secret and who may read it', () => {
    const error = errorOf(() => synth(withGrant('user:carol@acme.com').stack));
    expect(error).toMatch(/GP-SEC-004 error at test\/support-reads-stripe \(google_secret_manager_secret_iam_member\.support-reads-stripe\): /);
    expect(error).toContain('user:carol@acme.com reads production secret "payment-service-prod-stripe-api-key" (roles/secretmanager.secretAccessor on the secret): '
      + 'only the account of the workload that mounts it (payment-service-prod@acme-prod.iam.gserviceaccount.com) or a break-glass member may');
  });

  test('the platform\'s break-glass group may read it; the setting is the platform\'s, and refuses what is not one principal', () => {
    expect(() => synth(withGrant('group:break-glass@acme.com', ['group:break-glass@acme.com']).stack)).not.toThrow();
    const { platform } = withGrant('group:break-glass@acme.com', ['group:break-glass@acme.com']);
    expect(platform.guardrails.breakGlassMembers).toEqual(['group:break-glass@acme.com']);
    expect(errorOf(() => platformFixture({ guardrails: { breakGlassMembers: ['domain:acme.com', 'break-glass@acme.com'] } }))).toContain(
      'invalid breakGlassMembers[0] "domain:acme.com": is not one group, user or service account. Fix: name the break-glass group as "group:<email>", e.g. "group:break-glass@acme.com".',
    );
  });
});

describe('rotation: a schedule on the secret, a topic the Secret Manager service agent alone may publish to', () => {
  let json: any;
  let svc: GoMicroservice;
  beforeAll(() => {
    const made = service();
    svc = made.svc;
    svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key', { rotationPeriodDays: 90 }));
    svc.addEnv('WEBHOOK_SIGNING_KEY', EnvValue.fromSecretManager('webhook-signing-key', { rotationPeriodDays: 30 }), 'prod');
    svc.addEnv('LEGACY_KEY', EnvValue.fromSecretManager('legacy-key'));
    json = synth(made.stack);
  });

  test.each(ENVIRONMENTS)('%s: the rotating secrets name the service\'s topic, a period and a first rotation one period after the plan, which Terraform leaves to Secret Manager', (env) => {
    const topics = ofEnv(json, 'google_pubsub_topic', env);
    expect(topics.map(([, t]) => t)).toEqual([{
      project: 'acme-prod',
      name: `payment-service-${env}-secret-rotation`,
      labels: { 'managed-by': 'cdktf-golden-paths', 'team': 'payments', 'service': 'payment-service', 'environment': env },
      message_storage_policy: { allowed_persistence_regions: ['europe-west1'] },
    }]);
    const [[topicAddress]] = topics;
    const secrets = Object.fromEntries(ofEnv(json, 'google_secret_manager_secret', env).map(([, r]) => [r.secret_id, r]));
    const stripe = secrets[`payment-service-${env}-stripe-api-key`];
    expect(stripe.topics).toEqual([{ name: `\${google_pubsub_topic.${topicAddress}.id}` }]);
    // Secret Manager: rotation_period 3600s to 3153600000s, next_rotation_time required with it
    // (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets#Rotation).
    expect(stripe.rotation).toEqual({ rotation_period: '7776000s', next_rotation_time: '${timeadd(plantimestamp(), "7776000s")}' });
    expect(stripe.lifecycle).toEqual({ ignore_changes: ['rotation[0].next_rotation_time'] });
    const publisher = ofEnv(json, 'google_pubsub_topic_iam_member', env).map(([k]) => `google_pubsub_topic_iam_member.${k}`);
    expect(stripe.depends_on).toEqual(publisher);
    expect(secrets[`payment-service-${env}-legacy-key`]).toEqual(expect.not.objectContaining({ topics: expect.anything(), rotation: expect.anything(), lifecycle: expect.anything() }));
    if (env === 'prod') expect(secrets['payment-service-prod-webhook-signing-key'].rotation.rotation_period).toBe('2592000s');
    expect(svc.workload(env).secretManager?.rotationTopic?.nameInput).toBe(`payment-service-${env}-secret-rotation`);
  });

  test.each(ENVIRONMENTS)('%s: only the Secret Manager service agent of the secrets\' project may publish, on that topic alone', (env) => {
    const members = ofEnv(json, 'google_pubsub_topic_iam_member', env).map(([, m]) => m);
    const [[topicAddress]] = ofEnv(json, 'google_pubsub_topic', env);
    const projects = Object.entries<any>(json.data.google_project).filter(([k]) => k.includes(`_${env}_secret-manager_`));
    expect(projects.map(([, p]) => p.project_id)).toEqual(['acme-prod']);
    expect(members).toEqual([{
      project: 'acme-prod',
      topic: `\${google_pubsub_topic.${topicAddress}.name}`,
      role: 'roles/pubsub.publisher',
      member: `serviceAccount:service-\${data.google_project.${projects[0][0]}.number}@gcp-sa-secretmanager.iam.gserviceaccount.com`,
    }]);
    expect(Object.keys(json.resource).filter((t) => /^google_pubsub_(topic_iam_(binding|policy)|subscription)/.test(t))).toEqual([]);
  });

  test('a service without rotating secrets has no topic; a rotation period out of range or given differently for one secret is refused', () => {
    const { stack, svc: plain } = service();
    plain.addEnv('API_KEY', EnvValue.fromSecretManager('api-key'));
    expect(Object.keys(synth(stack).resource).filter((t) => t.startsWith('google_pubsub'))).toEqual([]);
    expect(plain.workload('dev').secretManager?.rotationTopic).toBeUndefined();
    expect(errorOf(() => plain.addEnv('TOKEN', EnvValue.fromSecretManager('token', { rotationPeriodDays: 0 }))))
      .toBe(`[${SERVICE_PATH}/dev] invalid addEnv.value.rotationPeriodDays 0: must be a whole number between 1 and 36500. Fix: give a whole number of days from 1 to 36500 (Secret Manager's rotation period is 1 hour to 100 years), e.g. 90.`);
    expect(errorOf(() => plain.addEnv('TOKEN', EnvValue.fromSecretManager('token', { rotationPeriodDays: 1.5 })))).toMatch(/invalid addEnv\.value\.rotationPeriodDays 1\.5: /);
    expect(errorOf(() => plain.addEnv('OTHER_KEY', EnvValue.fromSecretManager('api-key', { rotationPeriodDays: 30 }))))
      .toBe(`[${SERVICE_PATH}/dev/secret-manager] invalid addEnv.value.rotationPeriodDays 30: differs from the no rotation that another variable gave the secret "api-key". Fix: give every variable of one secret the same rotationPeriodDays.`);
  });
});

describe('at App scope', () => {
  // Values a developer's shell or a CI job may hold while it synthesizes: none may reach the output.
  const VALUES = { STRIPE_API_KEY: 'sk_live_51Hx-stripe-value-under-test-7Q', WEBHOOK_SIGNING_KEY: 'whsec_webhook-value-under-test-3Z' };
  let app: App;
  let saved: NodeJS.ProcessEnv;
  beforeAll(() => {
    saved = { ...process.env };
    Object.assign(process.env, VALUES);
    app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'app-secrets-')) });
    const platform = new Platform(app, 'acme', APP_PLATFORM_PROPS);
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const svc = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payment processing' });
    svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key', { rotationPeriodDays: 30 }), 'prod');
    svc.addEnv('WEBHOOK_SIGNING_KEY', EnvValue.fromSecretManager('webhook-signing-key'), 'prod');
    app.synth();
  });
  afterAll(() => {
    for (const key of Object.keys(VALUES)) delete process.env[key];
    Object.assign(process.env, saved);
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });

  test('only the stacks whose pods mount secrets carry the postcondition on the cluster\'s Secret Manager add-on, once', () => {
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const cluster = (stack: string) => Object.values<any>(read(stack).data.google_container_cluster)[0];
    expect(cluster('payments-prod').lifecycle.postcondition).toEqual([{
      condition: '${try(self.secret_manager_config[0].enabled, false)}',
      error_message: 'The GKE cluster "prod" (acme-prod, europe-west1) does not have the Secret Manager add-on, which mounts the services\' Secret Manager secrets into their pods. '
        + 'Fix: gcloud container clusters update prod --location=europe-west1 --project=acme-prod --enable-secret-manager (or secret_manager_config { enabled = true } on the cluster\'s google_container_cluster).',
    }]);
    expect(cluster('payments-dev').lifecycle).toBeUndefined();
    expect(cluster('payments-staging').lifecycle).toBeUndefined();
  });

  test('no secret value anywhere in the synth output: every file of it, in any encoding', () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const written = files(app.outdir).map((f) => path.relative(app.outdir, f));
    // The whole output: every stack's configuration, the manifest, the guardrail reports, the catalog.
    expect(written).toEqual(expect.arrayContaining([
      'manifest.json', 'catalog-info.yaml', 'catalog-info.json', path.join('stacks', 'payments-prod', 'cdk.tf.json'), path.join('stacks', 'payments-prod', 'guardrails-report.json'),
      path.join('stacks', 'payments-prod', 'guardrails-report.sarif'), path.join('stacks', 'payments', 'cdk.tf.json'),
    ]));
    const forms = Object.values(VALUES).flatMap((v) => [v, Buffer.from(v).toString('base64'), Buffer.from(v).toString('hex')]);
    const found = written.flatMap((file) => {
      const content = fs.readFileSync(path.join(app.outdir, file));
      return forms.filter((form) => content.includes(form)).map((form) => `${file}: ${form}`);
    });
    expect(found).toEqual([]);
    // The grep reads what it should: the secrets are there, by name.
    const prod = fs.readFileSync(path.join(app.outdir, 'stacks', 'payments-prod', 'cdk.tf.json'), 'utf8');
    expect(prod).toContain('"payment-service-prod-stripe-api-key"');
    expect(prod).toContain('"payment-service-prod-webhook-signing-key"');
  });

  test('the catalog lists the secrets the service reads, and in which environments, by name only', () => {
    const component = YAML.parseAllDocuments(fs.readFileSync(path.join(app.outdir, 'catalog-info.yaml'), 'utf8')).map((d) => d.toJS())
      .find((e) => e.kind === 'Component' && e.metadata.name === 'payment-service');
    expect(component.metadata.annotations['golden-paths.dev/secrets']).toBe('STRIPE_API_KEY=stripe-api-key (prod), WEBHOOK_SIGNING_KEY=webhook-signing-key (prod)');
  });
});

describe('errors', () => {
  test('a secret id that is not a DNS label', () => {
    const { svc } = service();
    expect(errorOf(() => svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('Stripe_Key'))))
      .toBe(`[${SERVICE_PATH}/dev] invalid addEnv.value.secretId "Stripe_Key": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "stripe-key".`);
    expect(svc.workload('dev').secretManager).toBeUndefined();
  });

  test('a secret id ending in grants-admin, which the deploy identity could write (its versions role\'s condition names the grant Jobs\' admin passwords so)', () => {
    const { svc } = service();
    expect(errorOf(() => svc.addEnv('ADMIN', EnvValue.fromSecretManager('grants-admin'))))
      .toBe(`[${SERVICE_PATH}/dev] invalid addEnv.value.secretId "grants-admin": ends in "grants-admin", which names the database grant Jobs' admin passwords: `
        + 'the deploy identity may write versions of those secrets. Fix: give the secret another id, e.g. "admin-key".');
    expect(errorOf(() => svc.addEnv('ADMIN', EnvValue.fromSecretManager('db-grants-admin')))).toContain('invalid addEnv.value.secretId "db-grants-admin": ends in "grants-admin"');
    expect(svc.workload('dev').secretManager).toBeUndefined();
    // The condition is endsWith("-grants-admin") on the whole id <service>-<env>-<secretId>: these do not match it.
    svc.addEnv('GRANTS', EnvValue.fromSecretManager('grants-admin-key'));
    svc.addEnv('OTHER', EnvValue.fromSecretManager('xgrants-admin'));
    expect(svc.workload('dev').secretManager).toBeDefined();
  });

  test('a variable set twice, as a value and as a secret, or as a secret and its _FILE', () => {
    const { svc } = service();
    svc.addEnv('STRIPE_API_KEY', EnvValue.fromSecretManager('stripe-api-key'));
    expect(errorOf(() => svc.workload('dev').addEnv('STRIPE_API_KEY', EnvValue.fromConfigMap('config', 'key'))))
      .toBe(`[${SERVICE_PATH}/dev] invalid addEnv.name "STRIPE_API_KEY": is already set on container "payment-service" by addEnv, as the file of Secret Manager secret STRIPE_API_KEY_FILE. Fix: set each variable once: drop one of the calls or give this addEnv another name.`);
    expect(errorOf(() => svc.workload('dev').addEnv('STRIPE_API_KEY_FILE', EnvValue.fromValue('/elsewhere'))))
      .toBe(`[${SERVICE_PATH}/dev] invalid addEnv.name "STRIPE_API_KEY_FILE": is already set on container "payment-service" by addEnv, as the file of Secret Manager secret STRIPE_API_KEY_FILE. Fix: set each variable once: drop one of the calls or give this addEnv another name.`);
    svc.addEnv('LOG_FILE', EnvValue.fromValue('/tmp/log'));
    expect(errorOf(() => svc.addEnv('LOG', EnvValue.fromSecretManager('log-key'))))
      .toBe(`[${SERVICE_PATH}/dev] invalid addEnv.name "LOG": is already set on container "payment-service" by addEnv. Fix: set each variable once: drop one of the calls or give this addEnv another name.`);
  });

  test('two services whose secrets would have the same name in Secret Manager', () => {
    const { team, svc } = service();
    const other = new GoMicroservice(team, 'payment-service-dev', { name: 'payment-service-dev', description: 'Another' });
    other.addEnv('KEY', EnvValue.fromSecretManager('key'), 'dev');
    expect(errorOf(() => svc.addEnv('KEY', EnvValue.fromSecretManager('dev-key'), 'dev')))
      .toBe(`[${SERVICE_PATH}/dev/secret-manager/secrets/dev-key] invalid secretId "dev-key": would make the Secret Manager secret "payment-service-dev-dev-key" in "acme-prod", which another service's secret already is `
        + '(it is already used by test/platform/payments/payment-service-dev/dev/secret-manager/secrets/key). Fix: give the secret another id.');
  });
});

describe('TeamServices: "secrets" in services/<name>.json', () => {
  const PLATFORM_JSON = path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json');
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-secrets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function declare(json: unknown): { app: App; team: TeamEnvironment } {
    fs.writeFileSync(path.join(dir, 'payment-service.json'), JSON.stringify(json));
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'team-secrets-out-')) });
    const platform = Platform.fromFile(app, 'acme', PLATFORM_JSON);
    return { app, team: new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] }) };
  }

  test('each variable gets its secret in every environment, in the environment\'s project', () => {
    const t = declare({ kind: 'service', name: 'payment-service', description: 'Payments', secrets: { STRIPE_API_KEY: 'stripe-api-key', WEBHOOK_SIGNING_KEY: 'webhook-signing-key' } });
    const [svc] = TeamServices.fromDirectory(t.team, dir).services;
    expect(svc.workload('prod').envNames).toEqual(['STRIPE_API_KEY_FILE', 'WEBHOOK_SIGNING_KEY_FILE']);
    t.app.synth();
    const prod = JSON.parse(fs.readFileSync(path.join(t.app.outdir, 'stacks', 'payments-prod', 'cdk.tf.json'), 'utf8'));
    expect(Object.values<any>(prod.resource.google_secret_manager_secret).map((s) => [s.project, s.secret_id])).toEqual([
      ['acme-payments-prod', 'payment-service-prod-stripe-api-key'], ['acme-payments-prod', 'payment-service-prod-webhook-signing-key'],
    ]);
    expect(Object.values<any>(prod.resource.google_secret_manager_secret_iam_member).map((m) => m.member)).toEqual([
      'serviceAccount:payment-service-prod@acme-payments-prod.iam.gserviceaccount.com', 'serviceAccount:payment-service-prod@acme-payments-prod.iam.gserviceaccount.com',
    ]);
  });

  test('a secret given as { "secret", "rotationPeriodDays" } rotates', () => {
    const t = declare({ kind: 'service', name: 'payment-service', description: 'Payments', secrets: { STRIPE_API_KEY: { secret: 'stripe-api-key', rotationPeriodDays: 90 } } });
    const [svc] = TeamServices.fromDirectory(t.team, dir).services;
    expect(svc.workload('prod').secrets.map((s) => [s.secretManagerId, s.rotationPeriodDays])).toEqual([['payment-service-prod-stripe-api-key', 90]]);
    expect(svc.workload('prod').secretManager?.rotationTopic?.nameInput).toBe('payment-service-prod-secret-rotation');
  });

  test('an object form with a wrong key, no secret or a bad period fails with its pointer', () => {
    const t = declare({
      kind: 'service',
      name: 'payment-service',
      description: 'Payments',
      secrets: { A_KEY: { secret: 'a-key', rotation: 30 }, B_KEY: { rotationPeriodDays: 30 }, C_KEY: { secret: 'c-key', rotationPeriodDays: 0 } },
    });
    expect(errorOf(() => TeamServices.fromDirectory(t.team, dir))).toBe(`[${path.join(dir, 'payment-service.json')}] 3 invalid settings:\n`
      + '  - invalid /secrets/A_KEY/rotation 30: is not a setting. Fix: use one of "secret", "rotationPeriodDays".\n'
      + '  - invalid /secrets/B_KEY/secret undefined: is missing. Fix: write the id of the secret in Secret Manager, e.g. "secret": "b-key".\n'
      + '  - invalid /secrets/C_KEY/rotationPeriodDays 0: must be a whole number between 1 and 36500. Fix: give a whole number of days from 1 to 36500 (Secret Manager\'s rotation period is 1 hour to 100 years), e.g. 90.');
  });

  test('a variable name, a secret id or a value of another type fails with the file, the pointer and the fix, all at once', () => {
    const t = declare({ kind: 'service', name: 'payment-service', description: 'Payments', secrets: { 'stripe-key': 'stripe', 'API_KEY': 42, 'TOKEN': 'Bad_Id' } });
    const file = path.join(dir, 'payment-service.json');
    expect(errorOf(() => TeamServices.fromDirectory(t.team, dir))).toBe(`[${file}] 3 invalid settings:\n`
      + '  - invalid /secrets/stripe-key "stripe-key": is not a valid environment variable name (letters, digits and "_", not starting with a digit). Fix: use a name such as "STRIPE_KEY".\n'
      + '  - invalid /secrets/API_KEY 42: is not a secret id. Fix: write the id of the secret in Secret Manager, e.g. "api-key", or { "secret": "api-key", "rotationPeriodDays": 90 }.\n'
      + '  - invalid /secrets/TOKEN "Bad_Id": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "bad-id".');
    expect(errorOf(() => declare({ kind: 'service', name: 'payment-service', description: 'Payments', secrets: ['x'] }) && TeamServices.fromDirectory(t.team, dir)))
      .toBe(`[${file}] invalid /secrets ["x"]: is not an object. Fix: write an object there.`);
  });
});
