import { GoMicroservice, ManagedDatabase, DatabaseEngine, DatabaseSize, TeamEnvironment } from '../../src';
import { errorOf, platformFixture } from '../util';

/**
 * A key a nested settings object does not have (a typo, or a setting in the wrong place) is an
 * error that names where it is and the nearest real key, at every depth: left out silently, it
 * would keep the default the user meant to change. JavaScript callers and services/*.json send them.
 */

function team(): TeamEnvironment {
  return new TeamEnvironment(platformFixture().platform, 'payments', { name: 'payments', maintainers: ['alice'] });
}

test.each([
  ['autoscaling, two levels down', () => new GoMicroservice(team(), 'api', { name: 'api', description: 'API', environments: { prod: { autoscaling: { minReplica: 2 } } } } as any),
    'invalid environments.prod.autoscaling.minReplica 2: is not a setting of AutoscalingOptions. Fix: write "minReplicas".'],
  ['autoscaling at the top', () => new GoMicroservice(team(), 'api', { name: 'api', description: 'API', autoscaling: { maxReplica: 4 } } as any),
    'invalid autoscaling.maxReplica 4: is not a setting of AutoscalingOptions. Fix: write "maxReplicas".'],
  ['a database environment', () => new ManagedDatabase(team(), 'db', { name: 'db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL, environments: { dev: { sise: 'small' } } } as any),
    'invalid environments.dev.sise "small": is not a setting of'],
])('%s', (_where, make, message) => {
  expect(errorOf(make)).toContain(message);
});
