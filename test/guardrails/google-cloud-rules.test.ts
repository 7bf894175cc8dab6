import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { TerraformStack, Testing } from 'cdktf';
import { COMPLIANT, nonCompliant, NOT_APPLICABLE, tf, variant, verdict } from './util';

const SQL = 'google_sql_database_instance.db';
/** A production PostgreSQL instance that meets every rule. */
const goodSql = (name = 'payments-db-prod'): any => ({
  name,
  database_version: 'POSTGRES_16',
  deletion_protection: true,
  settings: {
    tier: 'db-custom-2-7680',
    edition: 'ENTERPRISE',
    availability_type: 'REGIONAL',
    deletion_protection_enabled: true,
    backup_configuration: { enabled: true, point_in_time_recovery_enabled: true },
    ip_configuration: { ipv4_enabled: false, private_network: 'projects/acme-net/global/networks/shared', ssl_mode: 'ENCRYPTED_ONLY' },
  },
});
const sql = (instance: any) => tf({ google_sql_database_instance: { db: instance } });
const settings = (c: any) => c.settings;

describe('GP-GCP-001 Cloud SQL backups', () => {
  test('compliant with backups on', () => {
    expect(verdict('GP-GCP-001', sql(goodSql()), SQL)).toEqual(COMPLIANT);
  });
  test('non-compliant when off or unset', () => {
    expect(verdict('GP-GCP-001', sql(variant(goodSql(), (c) => { settings(c).backup_configuration.enabled = false; })), SQL))
      .toEqual(nonCompliant('settings.backup_configuration.enabled is false'));
    expect(verdict('GP-GCP-001', sql(variant(goodSql(), (c) => { delete settings(c).backup_configuration; })), SQL))
      .toEqual(nonCompliant('settings.backup_configuration.enabled is unset (off)'));
  });
  test('not applicable to other resources', () => {
    expect(verdict('GP-GCP-001', tf({ google_sql_database: { db: { name: 'x', instance: 'y' } } }), 'google_sql_database.db')).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-GCP-002 point-in-time recovery', () => {
  test('compliant for PostgreSQL with PITR and MySQL with binary logs', () => {
    expect(verdict('GP-GCP-002', sql(goodSql()), SQL)).toEqual(COMPLIANT);
    const mysql = variant(goodSql(), (c) => { c.database_version = 'MYSQL_8_0'; settings(c).backup_configuration = { enabled: true, binary_log_enabled: true }; });
    expect(verdict('GP-GCP-002', sql(mysql), SQL)).toEqual(COMPLIANT);
  });
  test('non-compliant without them', () => {
    const pg = variant(goodSql(), (c) => { delete settings(c).backup_configuration.point_in_time_recovery_enabled; });
    expect(verdict('GP-GCP-002', sql(pg), SQL)).toEqual(nonCompliant('settings.backup_configuration.point_in_time_recovery_enabled is unset (off)'));
    const mysql = variant(goodSql(), (c) => { c.database_version = 'MYSQL_8_0'; settings(c).backup_configuration = { enabled: true, binary_log_enabled: false }; });
    expect(verdict('GP-GCP-002', sql(mysql), SQL)).toEqual(nonCompliant('settings.backup_configuration.binary_log_enabled is false'));
  });
  test('not applicable to SQL Server', () => {
    expect(verdict('GP-GCP-002', sql(variant(goodSql(), (c) => { c.database_version = 'SQLSERVER_2022_STANDARD'; })), SQL)).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-GCP-003 no public IP', () => {
  test('compliant with ipv4_enabled false', () => {
    expect(verdict('GP-GCP-003', sql(goodSql()), SQL)).toEqual(COMPLIANT);
  });
  test('non-compliant when unset (the provider default is a public IP) or true', () => {
    expect(verdict('GP-GCP-003', sql(variant(goodSql(), (c) => { delete settings(c).ip_configuration; })), SQL))
      .toEqual(nonCompliant('settings.ip_configuration.ipv4_enabled is unset, which gives the instance a public IPv4 address'));
    expect(verdict('GP-GCP-003', sql(variant(goodSql(), (c) => { settings(c).ip_configuration.ipv4_enabled = true; })), SQL))
      .toEqual(nonCompliant('settings.ip_configuration.ipv4_enabled is true'));
  });
});

describe('GP-GCP-004 TLS required', () => {
  test('compliant with ENCRYPTED_ONLY, client certificates, or require_ssl on older providers', () => {
    expect(verdict('GP-GCP-004', sql(goodSql()), SQL)).toEqual(COMPLIANT);
    expect(verdict('GP-GCP-004', sql(variant(goodSql(), (c) => { settings(c).ip_configuration.ssl_mode = 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'; })), SQL)).toEqual(COMPLIANT);
    expect(verdict('GP-GCP-004', sql(variant(goodSql(), (c) => { delete settings(c).ip_configuration.ssl_mode; settings(c).ip_configuration.require_ssl = true; })), SQL)).toEqual(COMPLIANT);
  });
  test('non-compliant when unencrypted connections are allowed', () => {
    expect(verdict('GP-GCP-004', sql(variant(goodSql(), (c) => { settings(c).ip_configuration.ssl_mode = 'ALLOW_UNENCRYPTED_AND_ENCRYPTED'; })), SQL))
      .toEqual(nonCompliant('settings.ip_configuration.ssl_mode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED"'));
    expect(verdict('GP-GCP-004', sql(variant(goodSql(), (c) => { delete settings(c).ip_configuration.ssl_mode; })), SQL))
      .toEqual(nonCompliant('settings.ip_configuration.ssl_mode is unset, which allows unencrypted connections'));
  });
});

describe('GP-GCP-005 production deletion protection', () => {
  test('compliant in production with both protections', () => {
    expect(verdict('GP-GCP-005', sql(goodSql()), SQL)).toEqual(COMPLIANT);
  });
  test('non-compliant in production without them', () => {
    const off = variant(goodSql(), (c) => { c.deletion_protection = false; delete settings(c).deletion_protection_enabled; });
    expect(verdict('GP-GCP-005', sql(off), SQL)).toEqual(nonCompliant(
      'deletion_protection is false in production environment "prod"',
      'settings.deletion_protection_enabled is unset (off) in production environment "prod"',
    ));
  });
  test('not applicable outside production', () => {
    const dev = variant(goodSql('payments-db-dev'), (c) => { c.deletion_protection = false; });
    expect(verdict('GP-GCP-005', sql(dev), SQL)).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-GCP-006 production regional', () => {
  test('compliant with REGIONAL in production', () => {
    expect(verdict('GP-GCP-006', sql(goodSql()), SQL)).toEqual(COMPLIANT);
  });
  test('non-compliant when zonal in production', () => {
    expect(verdict('GP-GCP-006', sql(variant(goodSql(), (c) => { settings(c).availability_type = 'ZONAL'; })), SQL))
      .toEqual(nonCompliant('settings.availability_type is "ZONAL" in production environment "prod"'));
  });
  test('not applicable outside production', () => {
    expect(verdict('GP-GCP-006', sql(variant(goodSql('payments-db-staging'), (c) => { settings(c).availability_type = 'ZONAL'; })), SQL)).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-GCP-007 no service-account keys', () => {
  test('non-compliant for any key resource', () => {
    expect(verdict('GP-GCP-007', tf({ google_service_account_key: { k: { service_account_id: 'sa' } } }), 'google_service_account_key.k').compliance).toBe('NON_COMPLIANT');
  });
  test('compliant-by-absence: a service account itself is not judged', () => {
    expect(verdict('GP-GCP-007', tf({ google_service_account: { sa: { account_id: 'deployer' } } }), 'google_service_account.sa')).toEqual(NOT_APPLICABLE);
  });
});

describe('GP-GCP-008 Workload Identity provider condition', () => {
  const WIP = 'google_iam_workload_identity_pool_provider.github';
  const provider = (condition?: string) => tf({
    google_iam_workload_identity_pool_provider: {
      github: { workload_identity_pool_id: 'github', workload_identity_pool_provider_id: 'github', attribute_mapping: { 'google.subject': 'assertion.sub' }, oidc: { issuer_uri: 'https://token.actions.githubusercontent.com' }, ...(condition === undefined ? {} : { attribute_condition: condition }) },
    },
  });
  test('compliant with a condition', () => {
    expect(verdict('GP-GCP-008', provider('assertion.repository == "acme/payment-service"'), WIP)).toEqual(COMPLIANT);
  });
  test('non-compliant without one, or with an empty one', () => {
    expect(verdict('GP-GCP-008', provider(), WIP).compliance).toBe('NON_COMPLIANT');
    expect(verdict('GP-GCP-008', provider('  '), WIP).compliance).toBe('NON_COMPLIANT');
  });
  /*
   * The platform pins the organization by its immutable id (repository_owner_id, "OIDC token claims":
   * https://docs.github.com/en/actions/reference/security/oidc), given in the settings or read at plan time from the
   * github provider's data.github_organization, whose id is the organization's numeric id
   * (https://registry.terraform.io/providers/integrations/github/latest/docs/data-sources/organization).
   */
  test('compliant when it pins the organization\'s id, given or looked up by the organization data source', () => {
    expect(verdict('GP-GCP-008', provider("assertion.repository_owner_id == '1342004'"), WIP)).toEqual(COMPLIANT);
    expect(verdict('GP-GCP-008', provider("assertion.repository_owner_id == '${data.github_organization.foundation_github-actions_organization_5B64ADDD.id}'"), WIP)).toEqual(COMPLIANT);
  });
  test('an id from anything but the organization data source, or another expression beside it, is not judged a pin', () => {
    expect(verdict('GP-GCP-008', provider("assertion.repository_owner_id == '${data.github_repository.shop.id}'"), WIP).compliance).toBe('NON_COMPLIANT');
    expect(verdict('GP-GCP-008', provider("assertion.repository_owner_id == '${var.owner}'"), WIP).compliance).toBe('NON_COMPLIANT');
    expect(verdict('GP-GCP-008', provider("assertion.repository_owner_id == '${data.github_organization.org.id}' && assertion.ref == '${var.ref}'"), WIP).compliance).toBe('NON_COMPLIANT');
    expect(verdict('GP-GCP-008', provider("assertion.repository_owner_id == '${data.github_organization.org.id}' || true"), WIP).compliance).toBe('NON_COMPLIANT');
  });
});

describe('Redis (GP-GCP-009, GP-GCP-010, GP-GCP-011)', () => {
  const REDIS = 'google_redis_instance.cache';
  const goodRedis = (name = 'search-cache-prod'): any => ({ name, memory_size_gb: 1, tier: 'STANDARD_HA', auth_enabled: true, transit_encryption_mode: 'SERVER_AUTHENTICATION', connect_mode: 'PRIVATE_SERVICE_ACCESS' });
  const redis = (r: any) => tf({ google_redis_instance: { cache: r } });
  test('compliant with AUTH, transit encryption and STANDARD_HA in production', () => {
    for (const id of ['GP-GCP-009', 'GP-GCP-010', 'GP-GCP-011']) expect(verdict(id, redis(goodRedis()), REDIS)).toEqual(COMPLIANT);
  });
  test('GP-GCP-009 non-compliant without AUTH', () => {
    expect(verdict('GP-GCP-009', redis(variant(goodRedis(), (c) => { delete c.auth_enabled; })), REDIS)).toEqual(nonCompliant('auth_enabled is unset (off)'));
  });
  test('GP-GCP-010 non-compliant without transit encryption', () => {
    expect(verdict('GP-GCP-010', redis(variant(goodRedis(), (c) => { c.transit_encryption_mode = 'DISABLED'; })), REDIS)).toEqual(nonCompliant('transit_encryption_mode is "DISABLED"'));
  });
  test('GP-GCP-011 non-compliant when BASIC in production, not applicable elsewhere', () => {
    expect(verdict('GP-GCP-011', redis(variant(goodRedis(), (c) => { delete c.tier; })), REDIS)).toEqual(nonCompliant('tier is unset (BASIC) in production environment "prod"'));
    expect(verdict('GP-GCP-011', redis(variant(goodRedis('search-cache-dev'), (c) => { c.tier = 'BASIC'; })), REDIS)).toEqual(NOT_APPLICABLE);
  });
});

describe('Google Cloud rules on a cdktf-synthesized instance', () => {
  test('an instance with provider defaults fails backups, PITR, public IP and TLS', () => {
    const stack = new TerraformStack(Testing.app(), 'gcp');
    new GoogleProvider(stack, 'google', { project: 'acme-prod' });
    new SqlDatabaseInstance(stack, 'db', { name: 'orders', databaseVersion: 'POSTGRES_16', settings: { tier: 'db-f1-micro' } });
    const config = JSON.parse(Testing.synth(stack));
    const failing = ['GP-GCP-001', 'GP-GCP-002', 'GP-GCP-003', 'GP-GCP-004', 'GP-GCP-005', 'GP-GCP-006']
      .filter((id) => verdict(id, config, SQL).compliance === 'NON_COMPLIANT');
    expect(failing).toEqual(['GP-GCP-001', 'GP-GCP-002', 'GP-GCP-003', 'GP-GCP-004']);
  });
});
