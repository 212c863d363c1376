import { AdmissionRequest, evaluateGuard } from './__testUtils__/evaluateGuard';
import { buildGuardManifests } from './buildGuardManifests';
import { NAMESPACE_CONTROLLER_USER } from './guardNames';

const ROLLOUT = 'system:serviceaccount:netseal:rollout';
const BREAK_GLASS = 'break-glass@example.com';
const ADMIN = 'kubernetes-admin';
const ARGOCD = 'system:serviceaccount:argocd:argocd-application-controller';

const guard = buildGuardManifests({
  rolloutUser: ROLLOUT,
  deleteExceptions: [BREAK_GLASS],
});

type Policy = Record<string, unknown> & {
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
};

function policy(labels?: Record<string, string>): Policy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: '1f0c',
      resourceVersion: '42',
      ...(labels ? { labels } : {}),
    },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }],
    },
  };
}

const SEALED = policy({ 'netseal.io/sealed': 'true', team: 'web' });
const UNSEALED = policy({ team: 'web' });
const UNLABELLED = policy();

function withMetadata(base: Policy, metadata: Record<string, unknown>) {
  return { ...base, metadata: { ...base.metadata, ...metadata } };
}

function withLabels(base: Policy, labels: Record<string, string> | undefined) {
  const { labels: _old, ...metadata } = base.metadata;
  return { ...base, metadata: labels ? { ...metadata, labels } : metadata };
}

const SPEC_CHANGED = {
  ...SEALED,
  spec: { ...SEALED.spec, ingress: [{ ports: [{ port: 9090 }] }] },
};

function decide(
  operation: AdmissionRequest['operation'],
  username: string,
  oldObject: Record<string, unknown> | null,
  object: Record<string, unknown> | null,
) {
  return evaluateGuard(guard, {
    operation,
    username,
    namespace: 'shop',
    name: 'web',
    object,
    oldObject,
  });
}

const ADVICE =
  "Sealed policies are replaced only by Netseal's rollout; use the Netseal portal or open a replacement request.";

describe('the guard, evaluated with a CEL engine', () => {
  describe('CREATE', () => {
    it('lets only the rollout identity create a sealed policy', () => {
      expect(decide('CREATE', ROLLOUT, null, SEALED).allowed).toBe(true);
      for (const user of [
        ADMIN,
        ARGOCD,
        BREAK_GLASS,
        NAMESPACE_CONTROLLER_USER,
      ]) {
        expect(decide('CREATE', user, null, SEALED)).toEqual({
          allowed: false,
          reason: 'Forbidden',
          message: `Netseal: NetworkPolicy shop/web is sealed; ${user} may not create it; only Netseal's rollout identity creates sealed policies. ${ADVICE}`,
        });
      }
    });

    it.each([
      ['without the sealed label', UNSEALED],
      ['without labels at all', UNLABELLED],
      ['labelled sealed "false"', policy({ 'netseal.io/sealed': 'false' })],
    ])('does not apply to a policy %s', (_what, object) => {
      expect(decide('CREATE', ADMIN, null, object)).toEqual({
        allowed: true,
        applies: false,
      });
    });
  });

  describe('UPDATE of a sealed policy', () => {
    it.each([ROLLOUT, ADMIN, ARGOCD])(
      'refuses a change of its spec, even from %s',
      user => {
        expect(decide('UPDATE', user, SEALED, SPEC_CHANGED)).toEqual({
          allowed: false,
          reason: 'Forbidden',
          message: `Netseal: NetworkPolicy shop/web is sealed; its spec may not be changed (annotations, finalizers and other metadata may). ${ADVICE}`,
        });
      },
    );

    it.each([
      ['an added label', { 'netseal.io/sealed': 'true', team: 'web', x: 'y' }],
      ['a changed label', { 'netseal.io/sealed': 'true', team: 'db' }],
      ['a removed label', { 'netseal.io/sealed': 'true' }],
    ])('refuses %s, even from the rollout identity', (_what, labels) => {
      for (const user of [ROLLOUT, ADMIN]) {
        const decision = decide('UPDATE', user, SEALED, {
          ...withLabels(SEALED, labels),
        });
        expect(decision).toMatchObject({
          allowed: false,
          message: expect.stringContaining('its labels may not be changed'),
        });
      }
    });

    it.each([
      ['removing all labels', undefined],
      ['setting it to "false"', { 'netseal.io/sealed': 'false', team: 'web' }],
      ['leaving only other labels', { team: 'web' }],
    ])('refuses unsealing it by %s', (_what, labels) => {
      for (const user of [ROLLOUT, ADMIN, NAMESPACE_CONTROLLER_USER]) {
        expect(
          decide('UPDATE', user, SEALED, withLabels(SEALED, labels)),
        ).toMatchObject({
          allowed: false,
          message: `Netseal: NetworkPolicy shop/web is sealed; its netseal.io/sealed label may not be removed. ${ADVICE}`,
        });
      }
    });

    it.each([
      [
        "kubectl's last-applied-configuration",
        {
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{"a":1}',
          },
        },
      ],
      ['a finalizer', { finalizers: ['example.com/keep'] }],
      [
        'managedFields',
        { managedFields: [{ manager: 'argocd', operation: 'Apply' }] },
      ],
      ['a new resourceVersion', { resourceVersion: '43' }],
    ])('allows a change of only %s', (_what, metadata) => {
      for (const user of [ADMIN, ARGOCD, ROLLOUT]) {
        expect(
          decide('UPDATE', user, SEALED, withMetadata(SEALED, metadata)),
        ).toEqual({ allowed: true, applies: true });
      }
    });
  });

  describe('UPDATE that seals a policy', () => {
    it.each([
      ['labelled', UNSEALED],
      ['unlabelled', UNLABELLED],
    ])(
      'lets only the rollout identity add the sealed label to an %s policy',
      (_what, oldObject) => {
        const sealed = withLabels(oldObject, {
          'netseal.io/sealed': 'true',
        });

        expect(decide('UPDATE', ROLLOUT, oldObject, sealed).allowed).toBe(true);
        expect(decide('UPDATE', ARGOCD, oldObject, sealed)).toEqual({
          allowed: false,
          reason: 'Forbidden',
          message: `Netseal: NetworkPolicy shop/web would become sealed; ${ARGOCD} may not add the netseal.io/sealed label; only Netseal's rollout identity seals policies. ${ADVICE}`,
        });
      },
    );

    it('does not apply to updates of unsealed policies', () => {
      const changed = { ...UNSEALED, spec: SPEC_CHANGED.spec };

      expect(decide('UPDATE', ADMIN, UNSEALED, changed)).toEqual({
        allowed: true,
        applies: false,
      });
    });
  });

  describe('DELETE', () => {
    it.each([
      ['the rollout identity', ROLLOUT],
      ['the namespace controller', NAMESPACE_CONTROLLER_USER],
      ['a delete exception', BREAK_GLASS],
    ])('lets %s delete a sealed policy', (_who, user) => {
      expect(decide('DELETE', user, SEALED, null)).toEqual({
        allowed: true,
        applies: true,
      });
    });

    it.each([ADMIN, ARGOCD, 'system:serviceaccount:kube-system:other'])(
      'refuses %s',
      user => {
        expect(decide('DELETE', user, SEALED, null)).toEqual({
          allowed: false,
          reason: 'Forbidden',
          message: `Netseal: NetworkPolicy shop/web is sealed; ${user} may not delete it; only Netseal's rollout identity, the namespace controller and the guard's delete exceptions may. ${ADVICE}`,
        });
      },
    );

    it('does not apply to unsealed policies', () => {
      expect(decide('DELETE', ADMIN, UNSEALED, null)).toEqual({
        allowed: true,
        applies: false,
      });
    });

    it('still lets the namespace controller delete when the ConfigMap holds no data', () => {
      const request = {
        operation: 'DELETE' as const,
        namespace: 'shop',
        name: 'web',
        object: null,
        oldObject: SEALED,
      };
      const params = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} };

      expect(
        evaluateGuard(
          guard,
          { ...request, username: NAMESPACE_CONTROLLER_USER },
          { params },
        ).allowed,
      ).toBe(true);
      expect(
        evaluateGuard(guard, { ...request, username: ROLLOUT }, { params })
          .allowed,
      ).toBe(false);
    });
  });

  it('takes delete exceptions only from their own keys: a user added to the ConfigMap under another key may not delete', () => {
    const [, params] = buildGuardManifests({ rolloutUser: ROLLOUT });
    const handEdited = {
      ...params,
      data: { ...(params.data as Record<string, string>), owner: ADMIN },
    };

    const decision = evaluateGuard(
      guard,
      {
        operation: 'DELETE',
        username: ADMIN,
        namespace: 'shop',
        name: 'web',
        object: null,
        oldObject: SEALED,
      },
      { params: handEdited },
    );

    expect(decision.allowed).toBe(false);
  });

  it('knows no delete exceptions when none are configured', () => {
    const strict = buildGuardManifests({ rolloutUser: ROLLOUT });

    const decision = evaluateGuard(strict, {
      operation: 'DELETE',
      username: BREAK_GLASS,
      namespace: 'shop',
      name: 'web',
      object: null,
      oldObject: SEALED,
    });

    expect(decision.allowed).toBe(false);
  });
});
