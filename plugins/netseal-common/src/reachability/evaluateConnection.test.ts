import { networkPolicy, upstreamCluster } from './__fixtures__/upstreamCluster';
import { describeConnectionVerdict } from './describeAccessChange';
import { evaluateConnection } from './evaluateConnection';
import { buildReachabilityModel } from './ReachabilityModel';

const xa = { pod: { namespace: 'x', name: 'a' } };
const xb = { pod: { namespace: 'x', name: 'b' } };
const ya = { pod: { namespace: 'y', name: 'a' } };

const denyIngressX = networkPolicy('x', 'deny-ingress', {
  podSelector: {},
  ingress: [],
});
const allowFromY = networkPolicy('x', 'allow-from-y', {
  podSelector: { matchLabels: { pod: 'a' } },
  ingress: [
    {
      from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }],
      ports: [{ port: 'serve-80-tcp' }],
    },
  ],
});
const egressToInternet = networkPolicy('x', 'egress-internet', {
  podSelector: { matchLabels: { pod: 'a' } },
  policyTypes: ['Egress'],
  egress: [
    {
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }],
      ports: [{ port: 443 }],
    },
    {
      to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
      ports: [{ port: 'serve-80-tcp' }],
    },
  ],
});

describe('evaluateConnection', () => {
  const model = buildReachabilityModel(
    upstreamCluster([denyIngressX, allowFromY, egressToInternet]),
  );

  it('names the policies that isolate and allow each side', () => {
    expect(evaluateConnection(model, { from: ya, to: xa, port: 80 })).toEqual({
      allowed: true,
      verdict: 'allowed',
      protocol: 'TCP',
      port: 80,
      portName: 'serve-80-tcp',
      ipFamily: 'IPv4',
      egress: { outcome: 'not-isolated' },
      ingress: {
        outcome: 'allowed',
        allowedBy: [{ namespace: 'x', name: 'allow-from-y' }],
        isolatedBy: [
          { namespace: 'x', name: 'deny-ingress' },
          { namespace: 'x', name: 'allow-from-y' },
        ],
      },
    });
  });

  it('says which policies isolate a pod when nothing allows the connection', () => {
    const verdict = evaluateConnection(model, { from: ya, to: xb, port: 80 });
    expect(verdict.allowed).toBe(false);
    expect(verdict.ingress).toEqual({
      outcome: 'denied',
      isolatedBy: [{ namespace: 'x', name: 'deny-ingress' }],
    });
  });

  it('checks both the source egress and the destination ingress of a pod-to-pod connection', () => {
    const verdict = evaluateConnection(model, { from: xa, to: ya, port: 81 });
    expect(verdict.allowed).toBe(false);
    expect(verdict.egress.outcome).toBe('denied');
    expect(verdict.ingress.outcome).toBe('not-isolated');
  });

  it('matches ipBlocks against pod addresses too, so 0.0.0.0/0 also reaches pods', () => {
    const verdict = evaluateConnection(model, { from: xa, to: ya, port: 80 });
    expect(verdict.egress).toMatchObject({
      outcome: 'allowed',
      allowedBy: [{ namespace: 'x', name: 'egress-internet' }],
    });
  });

  it('checks only the pod side of a connection to an address outside the cluster', () => {
    const verdict = evaluateConnection(model, {
      from: xa,
      to: { ip: '203.0.113.7' },
      port: 443,
    });
    expect(verdict).toMatchObject({
      allowed: true,
      egress: {
        outcome: 'allowed',
        allowedBy: [{ namespace: 'x', name: 'egress-internet' }],
      },
      ingress: { outcome: 'outside-cluster' },
    });
    expect(
      evaluateConnection(model, { from: xa, to: { ip: '10.9.9.9' }, port: 443 })
        .allowed,
    ).toBe(false);
  });

  it('never matches a named port towards an address outside the cluster', () => {
    expect(
      evaluateConnection(model, {
        from: xa,
        to: { ip: '203.0.113.7' },
        port: 80,
      }).allowed,
    ).toBe(false);
  });

  it('checks ingress of traffic from an outside address against ipBlocks only', () => {
    const verdict = evaluateConnection(model, {
      from: { ip: '198.51.100.1' },
      to: xa,
      port: 80,
    });
    expect(verdict).toMatchObject({
      allowed: false,
      egress: { outcome: 'outside-cluster' },
    });
  });

  it('treats the address of a pod as that pod, with its policies', () => {
    const byAddress = evaluateConnection(model, {
      from: { ip: '10.0.2.1' },
      to: { ip: '10.0.1.1' },
      port: 80,
    });
    const byName = evaluateConnection(model, { from: ya, to: xa, port: 80 });
    expect(byAddress).toEqual(byName);
  });

  it('matches ipBlocks against the address family of the connection', () => {
    const v6 = buildReachabilityModel(
      upstreamCluster([
        networkPolicy('x', 'from-v6-block', {
          podSelector: {},
          ingress: [{ from: [{ ipBlock: { cidr: 'fd00::2:0/112' } }] }],
        }),
      ]),
    );
    expect(evaluateConnection(v6, { from: ya, to: xa, port: 80 }).allowed).toBe(
      false,
    );
    expect(
      evaluateConnection(v6, { from: ya, to: xa, port: 80, ipFamily: 'IPv6' })
        .allowed,
    ).toBe(true);
    expect(
      evaluateConnection(v6, { from: { ip: 'fd00::2:1' }, to: xa, port: 80 })
        .ipFamily,
    ).toBe('IPv6');
  });

  it('resolves a named probe port on the destination pod, taking its protocol', () => {
    const verdict = evaluateConnection(model, {
      from: ya,
      to: xa,
      port: 'serve-81-udp',
    });
    expect(verdict).toMatchObject({
      port: 81,
      protocol: 'UDP',
      portName: 'serve-81-udp',
      allowed: false,
    });
  });

  it('refuses probes it cannot answer, saying what to change', () => {
    expect(() =>
      evaluateConnection(model, { from: ya, to: xa, port: 'metrics' }),
    ).toThrow(
      'pod x/a declares no container port named "metrics"; probe a port number or a name the pod declares',
    );
    expect(() =>
      evaluateConnection(model, {
        from: { ip: '1.1.1.1' },
        to: { ip: '8.8.8.8' },
        port: 53,
      }),
    ).toThrow('neither end is a pod of the snapshot');
    expect(() =>
      evaluateConnection(model, {
        from: { pod: { namespace: 'x', name: 'zz' } },
        to: xa,
        port: 80,
      }),
    ).toThrow('pod x/zz is not in the snapshot');
    expect(() =>
      evaluateConnection(model, { from: ya, to: xa, port: 70000 }),
    ).toThrow(
      'probe.port must be between 1 and 65535 or a port name (got 70000)',
    );
    expect(() =>
      evaluateConnection(model, {
        from: ya,
        to: { ip: 'not-an-ip' },
        port: 80,
      }),
    ).toThrow('probe.to.ip must be an IPv4 or IPv6 address (got "not-an-ip")');
  });

  it('reports which policies isolate a pod', () => {
    expect(model.isolationOf({ namespace: 'x', name: 'a' })).toEqual({
      ingressIsolatedBy: [
        { namespace: 'x', name: 'deny-ingress' },
        { namespace: 'x', name: 'allow-from-y' },
      ],
      egressIsolatedBy: [{ namespace: 'x', name: 'egress-internet' }],
    });
    expect(model.isolationOf({ namespace: 'y', name: 'a' })).toEqual({
      ingressIsolatedBy: [],
      egressIsolatedBy: [],
    });
  });

  it('explains a verdict in one line', () => {
    expect(
      describeConnectionVerdict(
        evaluateConnection(model, { from: ya, to: xa, port: 80 }),
      ),
    ).toBe(
      'Allowed on TCP 80 (serve-80-tcp): no policy isolates the source for egress; ingress allowed by x/allow-from-y.',
    );
    expect(
      describeConnectionVerdict(
        evaluateConnection(model, { from: xa, to: xb, port: 81 }),
      ),
    ).toBe(
      'Denied on TCP 81 (serve-81-tcp): egress denied: x/egress-internet isolates the source and no rule allows it; ingress denied: x/deny-ingress isolates the destination and no rule allows it.',
    );
    expect(
      describeConnectionVerdict(
        evaluateConnection(model, {
          from: xa,
          to: { ip: '203.0.113.7' },
          port: 443,
        }),
      ),
    ).toBe(
      'Allowed on TCP 443: egress allowed by x/egress-internet; the destination is outside the cluster.',
    );
  });
});
