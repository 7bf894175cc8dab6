import { boundedName } from '../../src/private/naming';

describe('boundedName', () => {
  test('joins parts that fit', () => {
    expect(boundedName(['payment-service', 'prod'], 30)).toBe('payment-service-prod');
  });

  test('shortens long names to the limit with a stable hash', () => {
    const name = boundedName(['a-very-long-service-name-indeed', 'staging'], 30);
    expect(name).toHaveLength(30);
    expect(name).toMatch(/^a-very-long-service-nam-[0-9a-f]{6}$/);
    expect(boundedName(['a-very-long-service-name-indeed', 'staging'], 30)).toBe(name);
  });

  test('different long names stay different', () => {
    const a = boundedName(['a-very-long-service-name-indeed', 'staging'], 20);
    const b = boundedName(['a-very-long-service-name-indeed', 'prod'], 20);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(20);
  });

  test('never ends the shortened head with a separator', () => {
    expect(boundedName(['abcdefghijklm-', 'xyz'], 14)).not.toMatch(/--/);
  });
});
