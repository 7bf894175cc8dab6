import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, TeamEnvironment } from '../../src';
import { gp, initTeam } from '../cli/run-cli';
import { errorOf, platformFixture } from '../util';

/**
 * A name that is a DNS label but not a Backstage entity name (Backstage: letters and digits
 * separated by single "-", "_" or ".", https://backstage.io/docs/features/software-catalog/descriptor-format#name-required)
 * would pass synth and fail the catalog's validation afterwards: it is refused where it is given,
 * by the constructs and by `golden-paths add`, with the same message.
 */

const CATALOG = 'is not a valid catalog name: Backstage entity names (and Kubernetes label values) are 1 to 63 letters and digits, separated by single "-", "_" or ".". Fix: use a name such as "pay-api"';

test.each([
  ['a service', () => { const { platform } = platformFixture(); new GoMicroservice(new TeamEnvironment(platform, 't', { name: 'payments', maintainers: ['alice'] }), 's', { name: 'pay--api', description: 'd' }); }],
  ['a database', () => { const { platform } = platformFixture(); new ManagedDatabase(new TeamEnvironment(platform, 't', { name: 'payments', maintainers: ['alice'] }), 'd', { name: 'pay--api', engine: DatabaseEngine.REDIS, size: DatabaseSize.SMALL }); }],
  ['a team', () => { const { platform } = platformFixture(); new TeamEnvironment(platform, 't', { name: 'pay--api', maintainers: ['alice'] }); }],
])('%s named pay--api is refused at construction', (_what, make) => {
  expect(errorOf(make)).toContain(`invalid name "pay--api": ${CATALOG}`);
});

test('golden-paths add service pay--api exits 2 and writes nothing', async () => {
  const repo = await initTeam(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-names-')));
  const result = await gp(repo, 'add', 'service', 'pay--api', '--description', 'API');
  expect(result.code).toBe(2);
  expect(result.err).toContain(`[services/pay--api.json] invalid name "pay--api": ${CATALOG}.`);
  expect(fs.existsSync(path.join(repo, 'services', 'pay--api.json'))).toBe(false);
});
