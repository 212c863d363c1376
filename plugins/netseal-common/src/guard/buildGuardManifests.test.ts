import { parseAllDocuments } from 'yaml';
import { buildGuardManifests, GUARD_VERSION } from './buildGuardManifests';
import { GuardManifest } from './GuardManifest';
import { guardManifestsToYaml } from './guardManifestsToYaml';
import { GUARD_NAMES, NAMESPACE_CONTROLLER_USER } from './guardNames';

const ROLLOUT_USER = 'system:serviceaccount:netseal:rollout';

function find(manifests: GuardManifest[], kind: string): GuardManifest {
  const manifest = manifests.find(candidate => candidate.kind === kind);
  if (!manifest) {
    throw new Error(`no ${kind} among ${manifests.map(m => m.kind)}`);
  }
  return manifest;
}

/** The policy's spec, read the way a user reads the printed YAML. */
function policySpec(manifests: GuardManifest[]) {
  const spec = find(manifests, 'ValidatingAdmissionPolicy').spec;
  return spec as {
    failurePolicy: string;
    paramKind: unknown;
    matchConstraints: unknown;
    matchConditions: { name: string; expression: string }[];
    variables: { name: string; expression: string }[];
    validations: {
      expression: string;
      message: string;
      messageExpression: string;
      reason: string;
    }[];
  };
}

describe('buildGuardManifests', () => {
  it('makes the namespace, the parameters, the policy and its binding, in apply order', () => {
    const manifests = buildGuardManifests({ rolloutUser: ROLLOUT_USER });

    expect(
      manifests.map(({ apiVersion, kind, metadata }) => [
        apiVersion,
        kind,
        metadata.namespace ?? null,
        metadata.name,
      ]),
    ).toEqual([
      ['v1', 'Namespace', null, 'netseal-system'],
      ['v1', 'ConfigMap', 'netseal-system', 'netseal-guard'],
      [
        'admissionregistration.k8s.io/v1',
        'ValidatingAdmissionPolicy',
        null,
        'netseal-guard',
      ],
      [
        'admissionregistration.k8s.io/v1',
        'ValidatingAdmissionPolicyBinding',
        null,
        'netseal-guard',
      ],
    ]);
  });

  it('labels every object with the guard version and Netseal as its manager', () => {
    const manifests = buildGuardManifests({ rolloutUser: ROLLOUT_USER });

    expect(GUARD_VERSION).toBe('1');
    for (const manifest of manifests) {
      expect(manifest.metadata.labels).toEqual({
        'netseal.io/guard-version': GUARD_VERSION,
        'app.kubernetes.io/managed-by': 'netseal',
      });
    }
  });

  it('keeps the rollout user and each delete exception in the ConfigMap', () => {
    const manifests = buildGuardManifests({
      rolloutUser: ROLLOUT_USER,
      deleteExceptions: ['break-glass@example.com', 'system:admin'],
    });

    expect(find(manifests, 'ConfigMap').data).toEqual({
      rolloutUser: ROLLOUT_USER,
      'deleteException.0': 'break-glass@example.com',
      'deleteException.1': 'system:admin',
    });
  });

  it('binds the policy to the ConfigMap, denying and auditing, and denying when the ConfigMap is gone', () => {
    const manifests = buildGuardManifests({ rolloutUser: ROLLOUT_USER });

    expect(find(manifests, 'ValidatingAdmissionPolicyBinding').spec).toEqual({
      policyName: GUARD_NAMES.policy,
      paramRef: {
        name: 'netseal-guard',
        namespace: 'netseal-system',
        parameterNotFoundAction: 'Deny',
      },
      validationActions: ['Deny', 'Audit'],
    });
  });

  it('fails closed on creates, updates and deletes of NetworkPolicies, with the ConfigMap as parameters', () => {
    const spec = policySpec(buildGuardManifests({ rolloutUser: ROLLOUT_USER }));

    expect(spec.failurePolicy).toBe('Fail');
    expect(spec.paramKind).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(spec.matchConstraints).toEqual({
      resourceRules: [
        {
          apiGroups: ['networking.k8s.io'],
          apiVersions: ['v1'],
          operations: ['CREATE', 'UPDATE', 'DELETE'],
          resources: ['networkpolicies'],
        },
      ],
    });
  });

  it('applies only to objects labelled sealed, before or after the request', () => {
    const [condition] = policySpec(
      buildGuardManifests({ rolloutUser: ROLLOUT_USER }),
    ).matchConditions;

    expect(condition.expression).toContain(
      'object.metadata.labels["netseal.io/sealed"] == "true"',
    );
    expect(condition.expression).toContain(
      'oldObject.metadata.labels["netseal.io/sealed"] == "true"',
    );
    expect(condition.expression).toContain('object != null');
    expect(condition.expression).toContain('oldObject != null');
  });

  it('names its match condition for what it selects, as kubectl describe and audit events show it', () => {
    const [condition] = policySpec(
      buildGuardManifests({ rolloutUser: ROLLOUT_USER }),
    ).matchConditions;

    expect(condition.name).toBe('sealed-object-or-old-object');
  });

  it('lets the namespace controller delete sealed policies, so namespaces can always be deleted', () => {
    const { variables } = policySpec(
      buildGuardManifests({ rolloutUser: ROLLOUT_USER }),
    );

    // Pinned as Kubernetes spells it: the guard compares it with request.userInfo.username.
    expect(NAMESPACE_CONTROLLER_USER).toBe(
      'system:serviceaccount:kube-system:namespace-controller',
    );
    expect(variables).toContainEqual({
      name: 'isNamespaceController',
      expression:
        'request.userInfo.username == "system:serviceaccount:kube-system:namespace-controller"',
    });
  });

  it('names Netseal and the way to request a change in every refusal', () => {
    const { validations } = policySpec(
      buildGuardManifests({ rolloutUser: ROLLOUT_USER }),
    );

    expect(validations).toHaveLength(6);
    for (const validation of validations) {
      expect(validation.reason).toBe('Forbidden');
      for (const message of [
        validation.message,
        validation.messageExpression,
      ]) {
        expect(message).toContain('Netseal: ');
        expect(message).toContain(
          'use the Netseal portal or open a replacement request.',
        );
      }
    }
  });

  it('says what was refused in the message Kubernetes falls back to when it cannot evaluate the message expression', () => {
    const { validations } = policySpec(
      buildGuardManifests({ rolloutUser: ROLLOUT_USER }),
    );
    const advice =
      "Sealed policies are replaced only by Netseal's rollout; use the Netseal portal or open a replacement request.";

    expect(validations.map(validation => validation.message)).toEqual([
      `Netseal: this NetworkPolicy is sealed; you may not create it; only Netseal's rollout identity creates sealed policies. ${advice}`,
      `Netseal: this NetworkPolicy is sealed; its netseal.io/sealed label may not be removed. ${advice}`,
      `Netseal: this NetworkPolicy is sealed; its spec may not be changed (annotations, finalizers and other metadata may). ${advice}`,
      `Netseal: this NetworkPolicy is sealed; its labels may not be changed (annotations, finalizers and other metadata may). ${advice}`,
      `Netseal: this NetworkPolicy would become sealed; you may not add the netseal.io/sealed label; only Netseal's rollout identity seals policies. ${advice}`,
      `Netseal: this NetworkPolicy is sealed; you may not delete it; only Netseal's rollout identity, the namespace controller and the guard's delete exceptions may. ${advice}`,
    ]);
  });

  it('refuses an empty rollout user, naming the field and what to give', () => {
    expect(() => buildGuardManifests({ rolloutUser: '' })).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(
          /^rolloutUser must not be empty: give the Kubernetes username/,
        ),
      }),
    );
  });

  it('refuses a rollout user that is not a string, as a hand-written configuration may give', () => {
    const options = JSON.parse('{"rolloutUser": 42}');

    expect(() => buildGuardManifests(options)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: 'rolloutUser must be a string: give the Kubernetes username',
      }),
    );
  });

  it('refuses a rollout user longer than any real username, and takes one of 1024 characters', () => {
    expect(() =>
      buildGuardManifests({ rolloutUser: 'u'.repeat(1025) }),
    ).toThrow(
      'rolloutUser must be at most 1024 characters long (got 1025): give the username exactly as the cluster authenticates it',
    );
    expect(
      buildGuardManifests({ rolloutUser: 'u'.repeat(1024) })[1].data,
    ).toEqual({ rolloutUser: 'u'.repeat(1024) });
  });

  it.each([
    ['a space', 'netseal rollout'],
    ['a trailing newline', `${ROLLOUT_USER}\n`],
    ['a tab', 'system:\tadmin'],
    ['a control character', 'rollout\u0007'],
  ])('refuses a rollout user with %s', (_what, rolloutUser) => {
    expect(() => buildGuardManifests({ rolloutUser })).toThrow(
      /^rolloutUser must not contain whitespace or control characters/,
    );
  });

  it('refuses an implausible delete exception, naming which one', () => {
    expect(() =>
      buildGuardManifests({
        rolloutUser: ROLLOUT_USER,
        deleteExceptions: ['admin', ' '],
      }),
    ).toThrow(
      /^deleteExceptions\[1\] must not contain whitespace or control characters/,
    );
  });
});

describe('guardManifestsToYaml', () => {
  it('prints the objects as multi-document YAML that reads back as the same objects', () => {
    const manifests = buildGuardManifests({
      rolloutUser: ROLLOUT_USER,
      deleteExceptions: ['system:admin'],
    });

    const text = guardManifestsToYaml(manifests);

    const documents = parseAllDocuments(text);
    expect(Array.isArray(documents)).toBe(true);
    expect(
      (Array.isArray(documents) ? documents : []).map(document =>
        document.toJS(),
      ),
    ).toEqual(manifests);
  });

  it('opens with a comment that says what it is, the guard version and how to apply it', () => {
    const text = guardManifestsToYaml(
      buildGuardManifests({ rolloutUser: ROLLOUT_USER }),
    );

    expect(text.split('\n').slice(0, 5)).toEqual([
      '# Netseal admission guard, version 1: makes sealed NetworkPolicies',
      '# (label netseal.io/sealed: "true") immutable. Only the rollout identity may create or',
      '# delete them; nobody may change their spec or labels. Generated by Netseal; apply with',
      '# kubectl apply -f <this file>, and regenerate it rather than edit it.',
      '---',
    ]);
  });

  it('keeps each CEL expression on one line, so a reader sees it whole', () => {
    const text = guardManifestsToYaml(
      buildGuardManifests({ rolloutUser: ROLLOUT_USER }),
    );

    expect(text.split('\n')).toContain('    - name: isNamespaceController');
    expect(text.split('\n')).toContain(
      '      expression: request.userInfo.username == "system:serviceaccount:kube-system:namespace-controller"',
    );
  });
});
