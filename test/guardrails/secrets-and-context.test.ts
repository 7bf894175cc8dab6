import { COMPLIANT, goodDeployment, nonCompliant, tf, verdict } from './util';
import { isSecretName } from '../../src/guardrails/rules/secrets/no-literal-secrets';
import { StackView } from '../../src/guardrails/stack-view';

describe('GP-SEC-001 no literal secrets', () => {
  test('compliant when secrets are expressions, and for ordinary literals', () => {
    const config = tf({
      google_sql_user: { u: { name: 'app', instance: 'db', password: '${random_password.db.result}' } },
      kubernetes_secret_v1: { s: { metadata: { name: 'db' }, data: { DB_HOST: '10.0.0.3', DB_NAME: 'payments', DB_PASSWORD: '${var.db_password}' } } },
      github_actions_secret: { s: { repository: 'svc', secret_name: 'DEPLOY_TOKEN', encrypted_value: 'c2VhbGVk' } },
    });
    for (const address of ['google_sql_user.u', 'kubernetes_secret_v1.s', 'github_actions_secret.s']) {
      expect([address, verdict('GP-SEC-001', config, address)]).toEqual([address, COMPLIANT]);
    }
  });

  test('non-compliant for literal passwords, tokens, keys and plaintext values, never echoing them', () => {
    const config = tf({
      google_sql_user: { u: { name: 'app', instance: 'db', password: 'hunter2-literal' } },
      github_actions_secret: { s: { repository: 'svc', secret_name: 'DEPLOY_TOKEN', plaintext_value: 'ghp_literal' } },
      kubernetes_secret_v1: { s: { metadata: { name: 'db' }, data: { DB_HOST: '10.0.0.3', db_password: 'pa55' } } },
    });
    expect(verdict('GP-SEC-001', config, 'google_sql_user.u')).toEqual(nonCompliant('password is a literal'));
    expect(verdict('GP-SEC-001', config, 'github_actions_secret.s')).toEqual(nonCompliant('plaintext_value is a literal'));
    expect(verdict('GP-SEC-001', config, 'kubernetes_secret_v1.s')).toEqual(nonCompliant('data.db_password is a literal'));
    expect(JSON.stringify(verdict('GP-SEC-001', config, 'google_sql_user.u'))).not.toContain('hunter2');
  });

  test('non-compliant for a name/value pair named like a secret (environment variables, Actions variables)', () => {
    const d = goodDeployment();
    d.spec.template.spec.container[0].env = [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'API_TOKEN', value: 'abc' }, { name: 'DB_PASSWORD', value_from: { secret_key_ref: { name: 'db', key: 'password' } } }];
    const config = tf({
      kubernetes_deployment_v1: { api: d },
      github_actions_variable: { v: { repository: 'svc', variable_name: 'SLACK_WEBHOOK_SECRET', value: 'https://hooks.example/x' } },
    });
    expect(verdict('GP-SEC-001', config, 'kubernetes_deployment_v1.api')).toEqual(nonCompliant('spec.template.spec.container[0].env[1].value (API_TOKEN) is a literal'));
    expect(verdict('GP-SEC-001', config, 'github_actions_variable.v')).toEqual(nonCompliant('value (SLACK_WEBHOOK_SECRET) is a literal'));
  });

  test('judges providers, variable defaults, outputs and locals too', () => {
    const config = tf({}, {
      provider: { kubernetes: [{ host: 'https://k8s', token: 'literal-token' }], github: [{ owner: 'acme', token: '${var.github_token}' }] },
      variable: { db_password: { type: 'string', default: 'changeme', sensitive: true }, region: { default: 'europe-west1' } },
      output: { api_key: { value: 'literal-key' } },
      locals: { settings: { client_secret: 'literal' } },
    });
    expect(verdict('GP-SEC-001', config, 'provider.kubernetes')).toEqual(nonCompliant('token is a literal'));
    expect(verdict('GP-SEC-001', config, 'provider.github')).toEqual(COMPLIANT);
    expect(verdict('GP-SEC-001', config, 'var.db_password')).toEqual(nonCompliant('default of var.db_password is a literal'));
    expect(verdict('GP-SEC-001', config, 'var.region')).toEqual(COMPLIANT);
    expect(verdict('GP-SEC-001', config, 'output.api_key')).toEqual(nonCompliant('value of output.api_key is a literal'));
    expect(verdict('GP-SEC-001', config, 'locals')).toEqual(nonCompliant('settings.client_secret is a literal'));
  });

  test.each([
    ['password', true], ['db_password', true], ['dbPassword', true], ['DB-PASSWORD', true], ['api_token', true], ['apiKey', true],
    ['private_key', true], ['client_secret', true], ['secret_data', true], ['plaintext_value', true], ['credentials', true], ['password_wo', true],
    ['key', false], ['public_key', false], ['secret_name', false], ['secret_key_ref', false], ['token_ttl', false], ['kms_key_name', false],
    ['automount_service_account_token_enabled', false], ['encrypted_value', false], ['name', false],
  ])('%s is secret-like: %s', (name, expected) => {
    expect(isSecretName(name as string)).toBe(expected);
  });
});

describe('production environments', () => {
  const view = (config: any, production = ['prod']) => StackView.fromConfig(config, { productionEnvironments: production });
  const isProd = (config: any, address: string, production?: string[]) => {
    const v = view(config, production);
    return v.isProduction(v.element(address)!);
  };

  test('a Kubernetes resource\'s own label cannot take it out of its production namespace', () => {
    const config = tf({ kubernetes_deployment_v1: { a: { metadata: { name: 'a', namespace: 'x-prod', labels: { 'golden-paths.dev/environment': 'dev' } } } } });
    expect(isProd(config, 'kubernetes_deployment_v1.a')).toBe(true);
  });

  test('a namespaced resource takes its namespace\'s label, followed by reference', () => {
    const config = tf({
      kubernetes_namespace_v1: { ns: { metadata: { name: 'payments-live', labels: { 'golden-paths.dev/environment': 'live' } } } },
      kubernetes_deployment_v1: { a: { metadata: { name: 'a', namespace: '${kubernetes_namespace_v1.ns.metadata[0].name}' } } },
    });
    expect(isProd(config, 'kubernetes_deployment_v1.a', ['live'])).toBe(true);
    expect(isProd(config, 'kubernetes_deployment_v1.a', ['prod'])).toBe(false);
    expect(view(config).environmentOf(view(config).element('kubernetes_deployment_v1.a')!)).toBe('live');
  });

  test('a namespace name ending in -<env> counts when the namespace is not in the stack', () => {
    const config = tf({ kubernetes_service_v1: { s: { metadata: { name: 's', namespace: 'payments-prod' } } } });
    expect(isProd(config, 'kubernetes_service_v1.s')).toBe(true);
  });

  test('construct path segments, Google Cloud labels and name suffixes: any production one makes it production', () => {
    const config = tf({
      google_sql_database_instance: {
        labelled: { name: 'orders-prod', settings: { user_labels: { environment: 'staging' } } },
        pathed: { 'name': 'orders', '//': { metadata: { path: 'acme/platform/orders/prod/instance' } } },
        named: { name: 'orders-prod' },
        other: { name: 'orders-production-copy' },
      },
    });
    expect(isProd(config, 'google_sql_database_instance.labelled')).toBe(true);
    expect(isProd(config, 'google_sql_database_instance.pathed')).toBe(true);
    expect(isProd(config, 'google_sql_database_instance.named')).toBe(true);
    expect(isProd(config, 'google_sql_database_instance.other', ['prod', 'production'])).toBe(false);
  });

  test('addresses of every kind of element', () => {
    const v = view(tf({ a_b: { c: {} } }, {
      data: { google_project: { p: {} } },
      provider: { google: [{}, { alias: 'eu' }] },
      variable: { v: {} },
      output: { o: { value: 1 } },
      locals: { l: 1 },
    }));
    expect(v.elements.map((e) => e.address)).toEqual(['a_b.c', 'data.google_project.p', 'provider.google', 'provider.google.eu', 'var.v', 'output.o', 'locals']);
  });
});
