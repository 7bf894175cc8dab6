import { GoldenPath } from '../../src';
import { goldenPathProblems } from '../../src/platform/golden-path';

describe('GoldenPath.goMicroservice defaults', () => {
  const path = GoldenPath.goMicroservice();

  test('carries the numbers of the golden path', () => {
    expect(path.cpu).toBe('500m');
    expect(path.memory).toBe('512Mi');
    expect(path.replicas).toBe(3);
    expect(path.autoscaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 });
    expect(path.requiredChecks).toEqual(['unit-tests', 'lint', 'security-scan', 'coverage']);
    expect(path.coverageThreshold).toBe(80);
    expect(path.language).toBe('go');
    expect(path.framework).toBe('gin');
    expect(path.containerPort).toBe(8080);
    expect(path.livenessPath).toBe('/healthz');
    expect(path.readinessPath).toBe('/readyz');
    expect(path.metricsPort).toBe(9464);
    expect(path.metricsPath).toBe('/metrics');
  });

  test('describes the repository layout', () => {
    expect(path.repositoryLayout).toEqual(expect.arrayContaining([
      'cmd/<name>/main.go', 'internal/handlers/', 'internal/service/', 'internal/repository/', 'pkg/',
      'api/openapi.yaml', 'configs/', 'Makefile', 'go.mod', 'Dockerfile', 'catalog-info.yaml', '.github/workflows/',
    ]));
  });

  test('is valid', () => {
    expect(goldenPathProblems('goldenPath.', path)).toEqual([]);
  });

  test('hands out copies, so callers cannot change it', () => {
    path.requiredChecks.push('extra');
    expect(GoldenPath.goMicroservice().requiredChecks).toHaveLength(4);
  });
});

describe('GoldenPath overrides', () => {
  test('overrides replace only the fields they set', () => {
    const path = GoldenPath.goMicroservice({ cpu: '250m', autoscaling: { maxReplicas: 20 }, coverageThreshold: 90 });
    expect(path.cpu).toBe('250m');
    expect(path.memory).toBe('512Mi');
    expect(path.autoscaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 20, targetCpuUtilizationPercent: 70 });
    expect(path.coverageThreshold).toBe(90);
  });

  test('undefined does not erase a default', () => {
    const path = GoldenPath.goMicroservice({ cpu: undefined, autoscaling: { minReplicas: undefined } });
    expect(path.cpu).toBe('500m');
    expect(path.autoscaling.minReplicas).toBe(2);
  });

  test('zero is a value, not a missing one', () => {
    const path = GoldenPath.goMicroservice({ replicas: 0, autoscaling: { enabled: false } });
    expect(path.replicas).toBe(0);
    expect(path.autoscaling.enabled).toBe(false);
  });

  test('a platform team derives its own path from another', () => {
    const base = GoldenPath.goMicroservice({ memory: '1Gi' });
    const derived = base.derive({ requiredChecks: ['unit-tests', 'lint'] });
    expect(derived.memory).toBe('1Gi');
    expect(derived.requiredChecks).toEqual(['unit-tests', 'lint']);
    expect(base.requiredChecks).toHaveLength(4);
  });

  test('workload settings layer environment, service and service-in-environment overrides', () => {
    const path = GoldenPath.goMicroservice();
    const settings = path.workloadSettings(
      { replicas: 1, autoscaling: { minReplicas: 1 } },
      { memory: '1Gi' },
      { autoscaling: { maxReplicas: 3 } },
    );
    expect(settings).toEqual({
      cpu: '500m',
      memory: '1Gi',
      replicas: 1,
      autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 3, targetCpuUtilizationPercent: 70 },
    });
  });
});

describe('the metrics endpoint of the golden path', () => {
  test('a platform moves it; the scaffold and the collector follow', () => {
    const path = GoldenPath.goMicroservice({ metricsPort: 9100, metricsPath: '/internal/metrics' });
    expect([path.metricsPort, path.metricsPath]).toEqual([9100, '/internal/metrics']);
    expect(goldenPathProblems('goldenPath.', path)).toEqual([]);
  });

  test('the API\'s port, a port out of range or a path that is no path are refused, each under its prop', () => {
    expect(goldenPathProblems('goldenPathOverrides.', GoldenPath.goMicroservice({ containerPort: 9464 }))).toEqual([{
      prop: 'goldenPathOverrides.metricsPort',
      value: 9464,
      problem: 'is the containerPort too, so the Service and its ingress would expose the metrics',
      fix: 'give the metrics a port of their own, such as 9465',
    }]);
    expect(goldenPathProblems('goldenPath.', GoldenPath.goMicroservice({ metricsPort: 70000 })).map((p) => p.prop)).toEqual(['goldenPath.metricsPort']);
    expect(goldenPathProblems('goldenPath.', GoldenPath.goMicroservice({ metricsPath: 'metrics?x=1' }))).toEqual([expect.objectContaining({
      prop: 'goldenPath.metricsPath', value: 'metrics?x=1', fix: 'use a path such as "/metrics"',
    })]);
  });
});
