import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, Platform, PlatformFoundation, type PlatformProps, TeamEnvironment } from '../../src';
import { APP_PLATFORM_PROPS, errorOf, platformFixture, resource, resources, synth } from '../util';

/**
 * The images of the tools the library runs next to the teams' code are settings: clusters limited to
 * Artifact Registry (an organization policy, Binary Authorization) or without egress never pull the
 * public defaults (psql from Docker Hub, the Google Cloud CLI and the Cloud SQL Auth Proxy from gcr.io),
 * so a platform mirrors them (Artifact Registry remote repositories or a copy,
 * cloud.google.com/artifact-registry/docs/repositories/remote-overview) and names the copies.
 * An image is a reference in the grammar of github.com/distribution/reference (reference.go:
 * `name [":" tag] ["@" digest]`), pinned: a tag other than "latest" or, better, a sha256 digest.
 */

const MIRROR = 'europe-west1-docker.pkg.dev/acme-prod/mirror';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const IMAGES = {
  postgresClient: `${MIRROR}/postgres:17.5-alpine@${DIGEST}`,
  mysqlClient: `${MIRROR}/mysql:8.4.5@${DIGEST}`,
  googleCloudCli: `${MIRROR}/google-cloud-cli:525.0.0-slim`,
  cloudSqlProxy: `${MIRROR}/cloud-sql-proxy:2.20.0@${DIGEST}`,
};

function postgresTeam(props: Partial<PlatformProps> = {}) {
  const f = platformFixture(props);
  const team = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const db = new ManagedDatabase(team, 'db', { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', databases: [db] });
  const json = synth(f.stack);
  const job = resource(json, 'kubernetes_job_v1', (j) => j.metadata.namespace === 'payments-grants-dev');
  const deployment = resource(json, 'kubernetes_deployment_v1', (d) => d.metadata.namespace === 'payments-dev');
  const spec = job.spec.template.spec;
  return {
    platform: f.platform,
    images: {
      googleCloudCli: spec.init_container.map((c: any) => c.image),
      postgresClient: spec.container.filter((c: any) => c.name === 'grants').map((c: any) => c.image),
      cloudSqlProxy: [
        ...spec.container.filter((c: any) => c.name === 'cloud-sql-proxy').map((c: any) => c.image),
        ...deployment.spec.template.spec.container.filter((c: any) => c.name.startsWith('cloud-sql-proxy')).map((c: any) => c.image),
      ],
    },
    jobs: Object.keys(resources(json, 'kubernetes_job_v1')).length,
  };
}

/** The images of a mysql database's grant Job in dev, by container. */
function mysqlGrantImages(props: Partial<PlatformProps> = {}): Record<string, string[]> {
  const f = platformFixture(props);
  const team = new TeamEnvironment(f.platform, 'orders', { name: 'orders', maintainers: ['alice'] });
  const db = new ManagedDatabase(team, 'db', { name: 'orders-db', engine: DatabaseEngine.MYSQL, size: DatabaseSize.SMALL });
  new GoMicroservice(team, 'order-service', { name: 'order-service', description: 'Orders', databases: [db] });
  const spec = resource(synth(f.stack), 'kubernetes_job_v1', (j) => j.metadata.namespace === 'orders-grants-dev').spec.template.spec;
  const byName: Record<string, string[]> = {};
  for (const c of [...spec.init_container, ...spec.container]) (byName[c.name] ??= []).push(c.image);
  return byName;
}

describe('defaults', () => {
  test('the public images, each pinned to a version: on the platform, in the grant Job and next to the service', () => {
    const { platform, images, jobs } = postgresTeam();
    expect(jobs).toBe(3);
    expect(platform.toolImages).toEqual({
      postgresClient: 'docker.io/library/postgres:17.5-alpine',
      mysqlClient: 'docker.io/library/mysql:8.4.5',
      googleCloudCli: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:525.0.0-slim',
      cloudSqlProxy: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.20.0',
    });
    expect(images).toEqual({
      postgresClient: ['docker.io/library/postgres:17.5-alpine'],
      googleCloudCli: ['gcr.io/google.com/cloudsdktool/google-cloud-cli:525.0.0-slim'],
      cloudSqlProxy: ['gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.20.0', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.20.0'],
    });
  });
});

describe('the settings name the mirrors', () => {
  test('every container the library adds takes the settings\' image', () => {
    const { platform, images } = postgresTeam({ toolImages: IMAGES });
    expect(platform.toolImages).toEqual(IMAGES);
    expect(images).toEqual({
      postgresClient: [IMAGES.postgresClient], googleCloudCli: [IMAGES.googleCloudCli], cloudSqlProxy: [IMAGES.cloudSqlProxy, IMAGES.cloudSqlProxy],
    });
    expect(mysqlGrantImages({ toolImages: IMAGES })).toEqual({ 'grants': [IMAGES.mysqlClient], 'admin-password': [IMAGES.googleCloudCli], 'cloud-sql-proxy': [IMAGES.cloudSqlProxy] });
  });

  test('a mysql database\'s grant Job runs the default mysql client unless the settings name another', () => {
    expect(mysqlGrantImages().grants).toEqual(['docker.io/library/mysql:8.4.5']);
  });

  test('one image alone: the others keep their defaults', () => {
    const { images } = postgresTeam({ toolImages: { postgresClient: IMAGES.postgresClient } });
    expect(images.postgresClient).toEqual([IMAGES.postgresClient]);
    expect(images.googleCloudCli).toEqual(['gcr.io/google.com/cloudsdktool/google-cloud-cli:525.0.0-slim']);
  });

  test('platform.json carries them from the platform repository to the teams\' repositories', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-images-'));
    const platform = new Platform(new App({ outdir }), 'acme', { ...APP_PLATFORM_PROPS, toolImages: IMAGES });
    const published = new PlatformFoundation(platform, 'foundation').publishedSettings(outdir);
    expect(published.toolImages).toEqual(IMAGES);
    const file = path.join(outdir, 'platform.json');
    fs.writeFileSync(file, JSON.stringify(published));
    expect(Platform.fromFile(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'tool-images-team-')) }), 'acme', file).toolImages).toEqual(IMAGES);
  });
});

describe('errors', () => {
  test.each([
    [{ postgresClient: 'postgres' }, 'invalid toolImages.postgresClient "postgres": has no tag, so the cluster pulls "latest", whatever it is that day. Fix: pin it to a version tag and, better, its digest'],
    [{ googleCloudCli: `${MIRROR}/google-cloud-cli:latest` }, `invalid toolImages.googleCloudCli "${MIRROR}/google-cloud-cli:latest": is tagged "latest", which moves.`],
    [{ cloudSqlProxy: `${MIRROR}/cloud-sql-proxy:2.20.0 ` }, 'is not an image reference ("[registry/]path[:tag][@sha256:digest]", lowercase path)'],
    [{ postgresClient: `${MIRROR}/postgres@sha256:abc` }, 'is not an image reference'],
    [{ postgresClient: `${MIRROR}/postgres@sha512:${'ab'.repeat(64)}` }, 'which is not "sha256:" and 64 lowercase hex digits, so it names no image'],
    [{ postgresClient: 17 as unknown as string }, 'invalid toolImages.postgresClient 17'],
    [{ mysqlClient: 'mysql' }, 'invalid toolImages.mysqlClient "mysql": has no tag, so the cluster pulls "latest"'],
    // The services' pods run the proxy's `wait` command (https://github.com/GoogleCloudPlatform/cloud-sql-proxy/pull/2041, in 2.7.0).
    [{ cloudSqlProxy: `${MIRROR}/cloud-sql-proxy:2.6.1` }, `invalid toolImages.cloudSqlProxy "${MIRROR}/cloud-sql-proxy:2.6.1": is Auth Proxy 2.6.1, which has no "wait" command (2.7.0 and later)`],
    [{ cloudSqlProxy: `gcr.io/cloudsql-docker/gce-proxy:1.33.14@sha256:${'a'.repeat(64)}` }, 'is Auth Proxy 1.33.14, which has no "wait" command (2.7.0 and later): the pods of services connected to a Cloud SQL database run it before starting the service, and would restart the proxy forever. Fix: mirror gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.20.0 (or another 2.7.0 or later) and name it here'],
  ])('%j', (toolImages, message) => {
    expect(errorOf(() => platformFixture({ toolImages }))).toContain(message);
  });

  test('an Auth Proxy with the wait command, or whose tag is no version, is taken', () => {
    for (const cloudSqlProxy of [`${MIRROR}/cloud-sql-proxy:2.7.0`, `${MIRROR}/cloud-sql-proxy:v2.20.0-alpine`, `${MIRROR}/cloud-sql-proxy:3.0.0`, `${MIRROR}/cloud-sql-proxy:mirrored`]) {
      expect(platformFixture({ toolImages: { cloudSqlProxy } }).platform.toolImages.cloudSqlProxy).toBe(cloudSqlProxy);
    }
  });

  test('an upper-case path names no image', () => {
    expect(errorOf(() => platformFixture({ toolImages: { cloudSqlProxy: `${MIRROR}/Cloud-SQL-Proxy:2.20.0` } })))
      .toContain(`invalid toolImages.cloudSqlProxy "${MIRROR}/Cloud-SQL-Proxy:2.20.0": is not an image reference`);
  });

  test('platform.json: a key that is not a tool, or an image that is not a string, names its JSON pointer', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tool-images-')), 'platform.json');
    fs.writeFileSync(file, JSON.stringify({ githubOrganization: 'acme', gcpProject: 'acme-prod', region: 'europe-west1', toolImages: { psql: 'postgres:17', cloudSqlProxy: 2 } }));
    const message = errorOf(() => Platform.fromFile(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'tool-images-out-')) }), 'acme', file));
    expect(message).toContain('/toolImages/psql');
    expect(message).toContain('/toolImages/cloudSqlProxy');
  });
});
