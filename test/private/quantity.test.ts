import { bytes, cpuProblem, formatCpu, formatMemory, memoryProblem, millicores, parseQuantity } from '../../src/private/quantity';

describe('Kubernetes quantities', () => {
  test.each([
    ['500m', 0.5], ['1', 1], ['1.5', 1.5], ['.5', 0.5], ['2e3', 2000], ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30], ['1k', 1000], ['1M', 1e6], ['100n', 1e-7],
  ])('%s parses to %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  test.each(['', 'abc', '500 m', '1.2.3', '5mi', '1KB', 'm', '-'])('%j is rejected', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  test('cpu and memory conversions', () => {
    expect(millicores('500m')).toBe(500);
    expect(millicores('2')).toBe(2000);
    expect(bytes('512Mi')).toBe(536870912);
    expect(formatCpu(15000)).toBe('15');
    expect(formatCpu(1500)).toBe('1500m');
    expect(formatMemory(5 * 2 ** 30)).toBe('5Gi');
    expect(formatMemory(1536 * 2 ** 20)).toBe('1536Mi');
  });
});

describe('resource quantity checks', () => {
  test('accept golden values', () => {
    expect(cpuProblem('cpu', '500m')).toBeUndefined();
    expect(memoryProblem('memory', '512Mi')).toBeUndefined();
  });

  test('reject what Kubernetes would reject, with a fix', () => {
    expect(cpuProblem('cpu', 'half')).toMatchObject({ prop: 'cpu', value: 'half', problem: 'is not a Kubernetes quantity' });
    expect(cpuProblem('cpu', '0.1m')?.problem).toMatch(/below the 1m/);
    expect(memoryProblem('memory', '512MB')?.fix).toMatch(/512Mi/);
  });

  test('catch memory written in millibytes', () => {
    expect(memoryProblem('memory', '512m')).toMatchObject({ problem: expect.stringMatching(/thousandths of a byte/), fix: 'write mebibytes as "512Mi"' });
  });
});
