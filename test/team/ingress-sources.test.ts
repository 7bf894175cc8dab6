import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { Platform, TeamEnvironment, type PlatformProps } from '../../src';
import { errorOf, platformFixture, resources, synth } from '../util';

/**
 * Who may reach a team's pods besides its own namespace and the ingress
 * controller's (issue 25, item 13): Google Cloud's load balancers. With GKE
 * container-native load balancing (GKE Ingress, Gateway, standalone NEGs)
 * they send to pod IPs directly, and their health checks probe the pods, from
 * the ranges Google documents: 35.191.0.0/16 and 130.211.0.0/22 (health checks,
 * and the GFE proxies of global external and classic Application Load
 * Balancers with zonal NEG backends); Envoy-based (regional, internal) load
 * balancers send from the region's proxy-only subnet.
 * https://cloud.google.com/load-balancing/docs/firewall-rules
 */

const GOOGLE_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];

function loadBalancerPolicies(props: Partial<PlatformProps> = {}): Record<string, any> {
  const { stack, platform } = platformFixture(props);
  new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const json = synth(stack);
  const byNamespace: Record<string, any> = {};
  for (const policy of Object.values(resources(json, 'kubernetes_network_policy_v1'))) {
    if (policy.metadata.name === 'allow-load-balancers') byNamespace[policy.metadata.namespace] = policy;
  }
  return byNamespace;
}

function cidrs(policy: any): string[] {
  return policy.spec.ingress[0].from.map((peer: any) => peer.ip_block.cidr);
}

describe('defaults', () => {
  test('every team namespace admits Google Cloud\'s load balancer ranges, on every pod, next to the ingress controller', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(platform.ingressSourceRanges).toEqual(GOOGLE_RANGES);
    expect(team.teamNamespace('prod').ingressSourceRanges).toEqual(GOOGLE_RANGES);
    expect(team.teamNamespace('prod').networkPolicies.map((p) => p.node.id)).toEqual(['deny-ingress', 'allow-same-namespace', 'allow-ingress-controller', 'allow-load-balancers', 'allow-metrics-collector']);
    const json = synth(stack);
    const policies = Object.values(resources(json, 'kubernetes_network_policy_v1')).filter((p) => p.metadata.name === 'allow-load-balancers');
    expect(policies.map((p) => p.metadata.namespace).sort()).toEqual(['payments-dev', 'payments-prod', 'payments-staging']);
    for (const policy of policies) {
      expect(policy.spec).toEqual({
        pod_selector: {},
        policy_types: ['Ingress'],
        ingress: [{ from: [{ ip_block: { cidr: '35.191.0.0/16' } }, { ip_block: { cidr: '130.211.0.0/22' } }] }],
      });
    }
  });
});

describe('settings', () => {
  test('the platform names the ranges for every environment', () => {
    const policies = loadBalancerPolicies({ ingressSourceRanges: ['35.191.0.0/16', '130.211.0.0/22', '2600:2d00:1:b029::/64', '2600:2d00:1:1::/64'] });
    expect(cidrs(policies['payments-dev'])).toEqual(['35.191.0.0/16', '130.211.0.0/22', '2600:2d00:1:b029::/64', '2600:2d00:1:1::/64']);
  });

  test('an environment names its own, e.g. with the proxy-only subnet of its region', () => {
    const policies = loadBalancerPolicies({
      environments: [{ name: 'dev' }, { name: 'prod', production: true, ingressSourceRanges: [...GOOGLE_RANGES, '10.129.0.0/23'] }],
    });
    expect(cidrs(policies['payments-dev'])).toEqual(GOOGLE_RANGES);
    expect(cidrs(policies['payments-prod'])).toEqual([...GOOGLE_RANGES, '10.129.0.0/23']);
  });

  test('an empty list admits no range and makes no policy', () => {
    const { platform } = platformFixture({ ingressSourceRanges: [], environments: [{ name: 'dev', ingressSourceRanges: ['10.129.0.0/23'] }, { name: 'prod', production: true }] });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(team.teamNamespace('prod').allowLoadBalancersPolicy).toBeUndefined();
    expect(team.teamNamespace('prod').networkPolicies.map((p) => p.node.id)).toEqual(['deny-ingress', 'allow-same-namespace', 'allow-ingress-controller', 'allow-metrics-collector']);
    expect(team.teamNamespace('dev').ingressSourceRanges).toEqual(['10.129.0.0/23']);
  });

  test('platform.json carries them, at platform and environment level', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ingress-sources-')), 'platform.json');
    fs.writeFileSync(file, JSON.stringify({
      githubOrganization: 'acme',
      gcpProject: 'acme-prod',
      region: 'europe-west1',
      ingressSourceRanges: GOOGLE_RANGES,
      environments: [{ name: 'dev' }, { name: 'prod', production: true, ingressSourceRanges: [...GOOGLE_RANGES, '10.129.0.0/23'] }],
    }));
    const platform = Platform.fromFile(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ingress-out-')) }), 'acme', file);
    expect(platform.ingressSourceRangesOf('dev')).toEqual(GOOGLE_RANGES);
    expect(platform.ingressSourceRangesOf('prod')).toEqual([...GOOGLE_RANGES, '10.129.0.0/23']);
  });

  test('a range that is not a list of strings in platform.json names its JSON pointer', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ingress-sources-')), 'platform.json');
    fs.writeFileSync(file, JSON.stringify({
      githubOrganization: 'acme',
      gcpProject: 'acme-prod',
      region: 'europe-west1',
      ingressSourceRanges: '35.191.0.0/16',
      environments: [{ name: 'prod', production: true, ingressSourceRanges: [35] }],
    }));
    const message = errorOf(() => Platform.fromFile(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ingress-out-')) }), 'acme', file));
    expect(message).toContain('invalid /ingressSourceRanges "35.191.0.0/16": is not a list of strings.');
    expect(message).toContain('invalid /environments/0/ingressSourceRanges [35]: is not a list of strings.');
  });
});

describe('errors', () => {
  test.each([
    [['35.191.0.0'], 'invalid ingressSourceRanges[0] "35.191.0.0": is not a CIDR block. Fix: write an address range as "<address>/<prefix length>"'],
    [['35.191.0.0/33'], 'invalid ingressSourceRanges[0] "35.191.0.0/33": is not a CIDR block.'],
    [['load-balancers'], 'invalid ingressSourceRanges[0] "load-balancers": is not a CIDR block.'],
    [['35.191.4.1/16'], 'invalid ingressSourceRanges[0] "35.191.4.1/16": has bits set past its prefix length, so it names the range "35.191.0.0/16". Fix: write "35.191.0.0/16".'],
    [['2600:2D00:1:1:0:0:0:0/64'], 'has bits set past its prefix length, so it names the range "2600:2d00:1:1::/64"'],
    [['0.0.0.0/0'], 'invalid ingressSourceRanges[0] "0.0.0.0/0": admits every address'],
    [['::/0'], 'invalid ingressSourceRanges[0] "::/0": admits every address'],
    [['35.191.0.0/16', '35.191.0.0/16'], 'invalid ingressSourceRanges ["35.191.0.0/16","35.191.0.0/16"]: names "35.191.0.0/16" more than once.'],
  ])('platform %j', (ranges, message) => {
    expect(errorOf(() => platformFixture({ ingressSourceRanges: ranges }))).toContain(message);
  });

  test('an environment\'s ranges are judged with its index', () => {
    expect(errorOf(() => platformFixture({ environments: [{ name: 'prod', production: true, ingressSourceRanges: ['10.129.0.1/23'] }] })))
      .toContain('invalid environments[0].ingressSourceRanges[0] "10.129.0.1/23": has bits set past its prefix length, so it names the range "10.129.0.0/23"');
  });
});
