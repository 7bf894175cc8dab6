import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { TerraformStack, Testing, Token } from 'cdktf';
import { dependOn } from '../../src/private/dependencies';

function namespaced(stack: TerraformStack) {
  new KubernetesProvider(stack, 'kubernetes', {});
  const namespace = new NamespaceV1(stack, 'namespace', { metadata: { name: 'payments' } });
  return { namespace, metadata: { name: 'api', namespace: 'payments' } };
}

describe('dependOn', () => {
  test('writes the same depends_on as the dependsOn prop, as literal addresses (no token)', () => {
    const viaProp = new TerraformStack(Testing.app(), 'a');
    const p = namespaced(viaProp);
    new ServiceAccountV1(viaProp, 'account', { metadata: p.metadata, dependsOn: [p.namespace] });

    const literal = new TerraformStack(Testing.app(), 'a');
    const l = namespaced(literal);
    const account = dependOn(new ServiceAccountV1(literal, 'account', { metadata: l.metadata }), l.namespace);

    expect(account.dependsOn).toEqual(['kubernetes_namespace_v1.namespace']);
    expect(Token.isUnresolved(account.dependsOn![0])).toBe(false);
    expect(Testing.synth(literal)).toBe(Testing.synth(viaProp));
  });

  test('adds to what is there, and leaves out a resource of another stack (depends_on cannot cross stacks)', () => {
    const app = Testing.app();
    const here = new TerraformStack(app, 'here');
    const there = new TerraformStack(app, 'there');
    const { namespace, metadata } = namespaced(here);
    const other = namespaced(there).namespace;
    const account = new ServiceAccountV1(here, 'account', { metadata });
    dependOn(account, namespace);
    dependOn(account, other);
    expect(dependOn(account)).toBe(account);
    expect(account.dependsOn).toEqual(['kubernetes_namespace_v1.namespace']);
  });
});
