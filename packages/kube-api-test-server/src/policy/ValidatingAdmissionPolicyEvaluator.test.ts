import { KubeObject } from '../api/types';
import {
  rolloutUser,
  sealGuardBinding,
  sealGuardParams,
  sealGuardPolicy,
} from '../__fixtures__/sealGuard';
import { startFleetServer } from '../__fixtures__/startFleetServer';
import { AdmissionHook } from '../server/admission';
import { KubeApiTestServer } from '../startKubeApiTestServer';

jest.setTimeout(30_000);

interface Answer {
  code: number;
  body: {
    reason?: string;
    message?: string;
    details?: { causes?: { field?: string; message?: string }[] };
  };
  warning: string | null;
}

const netpols = '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies';
const policies =
  '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies';
const bindings =
  '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings';

describe('ValidatingAdmissionPolicy evaluation', () => {
  let server: KubeApiTestServer;

  const call = async (
    token: string,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Answer> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${server.tokens[token]}`,
        'Content-Type': contentType,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      code: response.status,
      body: await response.json(),
      warning: response.headers.get('warning'),
    };
  };
  const admin = (method: string, path: string, body?: unknown) =>
    call('admin', method, path, body);
  const create = async (path: string, object: KubeObject) => {
    const answer = await admin('POST', path, object);
    expect(answer).toMatchObject({ code: 201 });
  };
  const installGuard = async (
    policy = sealGuardPolicy(),
    binding = sealGuardBinding(),
  ) => {
    await create('/api/v1/namespaces', sealGuardParams[0]);
    await create(
      '/api/v1/namespaces/netseal-system/configmaps',
      sealGuardParams[1],
    );
    await create(policies, policy);
    await create(bindings, binding);
  };
  const changePorts = (token: string, port = 9090) =>
    call(
      token,
      'PATCH',
      `${netpols}/allow-web`,
      { spec: { ingress: [{ ports: [{ port }] }] } },
      'application/merge-patch+json',
    );

  beforeEach(async () => {
    server = await startFleetServer({
      tls: false,
      tokens: {
        admin: { username: 'kube-admin', access: 'write' },
        rollout: {
          username: rolloutUser,
          access: 'read',
          resources: { 'networkpolicies.networking.k8s.io': 'write' },
        },
        reader: { username: 'alice', access: 'read' },
      },
    });
  });

  afterEach(async () => {
    await server.stop();
  });

  it('denies a spec change of a sealed policy by anyone but the rollout identity, in Kubernetes words', async () => {
    await installGuard();
    const denied = await changePorts('admin');
    const message = `ValidatingAdmissionPolicy 'netseal-guard' with binding 'netseal-guard' denied request: sealed NetworkPolicy allow-web may change only through a rollout by ${rolloutUser}`;
    expect(denied.code).toBe(403);
    expect(denied.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: `networkpolicies.networking.k8s.io "allow-web" is forbidden: ${message}`,
      details: {
        name: 'allow-web',
        group: 'networking.k8s.io',
        kind: 'networkpolicies',
        causes: [{ message }],
      },
    });
    expect((await changePorts('rollout')).code).toBe(200);
  });

  it('lets a label change through, and never looks at unsealed policies (matchConditions)', async () => {
    await installGuard();
    const relabel = await call(
      'admin',
      'PATCH',
      `${netpols}/allow-web`,
      { metadata: { labels: { owner: 'shop' } } },
      'application/merge-patch+json',
    );
    expect(relabel.code).toBe(200);
    const unsealed = await call(
      'admin',
      'PATCH',
      `${netpols}/deny-all`,
      { spec: { policyTypes: ['Ingress'] } },
      'application/merge-patch+json',
    );
    expect(unsealed.code).toBe(200);
  });

  it('sees object null on DELETE: only the rollout identity deletes a sealed policy', async () => {
    await installGuard();
    const denied = await admin('DELETE', `${netpols}/allow-web`);
    expect(denied.code).toBe(403);
    expect(denied.body.message).toContain(
      'denied request: sealed NetworkPolicies are deleted only by the rollout identity',
    );
    expect((await call('rollout', 'DELETE', `${netpols}/allow-web`)).code).toBe(
      200,
    );
  });

  it('sees oldObject null on CREATE, and answers 422 Invalid with "failed expression" when a validation has neither reason nor message', async () => {
    const policy = sealGuardPolicy();
    Object.assign(policy.spec as object, {
      matchConditions: [],
      variables: [],
      validations: [
        {
          expression:
            "request.operation != 'CREATE' || (oldObject == null && object.metadata.name.startsWith('np-'))",
        },
      ],
    });
    await installGuard(policy);
    const body = {
      metadata: { name: 'web' },
      spec: { podSelector: {} },
    };
    const denied = await admin('POST', netpols, body);
    expect(denied.code).toBe(422);
    expect(denied.body.reason).toBe('Invalid');
    expect(denied.body.message).toBe(
      `networkpolicies.networking.k8s.io "web" is forbidden: ValidatingAdmissionPolicy 'netseal-guard' with binding 'netseal-guard' denied request: failed expression: request.operation != 'CREATE' || (oldObject == null && object.metadata.name.startsWith('np-'))`,
    );
    const allowed = await admin('POST', netpols, {
      ...body,
      metadata: { name: 'np-web' },
    });
    expect(allowed.code).toBe(201);
  });

  it.each<[string, object, number]>([
    [
      'a namespaceSelector the namespace does not match',
      { namespaceSelector: { matchLabels: { team: 'front' } } },
      200,
    ],
    [
      'a namespaceSelector the namespace matches',
      {
        namespaceSelector: {
          matchExpressions: [{ key: 'team', operator: 'In', values: ['shop'] }],
        },
      },
      403,
    ],
    [
      'an objectSelector the policy does not match',
      {
        objectSelector: {
          matchExpressions: [{ key: 'owner', operator: 'Exists' }],
        },
      },
      200,
    ],
    [
      'an excludeResourceRule naming the policy',
      {
        excludeResourceRules: [
          {
            apiGroups: ['*'],
            apiVersions: ['*'],
            operations: ['*'],
            resources: ['networkpolicies'],
            resourceNames: ['allow-web'],
          },
        ],
      },
      200,
    ],
  ])(
    'narrows the guard by the binding’s matchResources: %s',
    async (_, matchResources, code) => {
      const binding = sealGuardBinding();
      Object.assign(binding.spec as object, { matchResources });
      await installGuard(sealGuardPolicy(), binding);
      expect((await changePorts('admin')).code).toBe(code);
    },
  );

  it('denies every matched write when the binding’s ConfigMap is missing (parameterNotFoundAction Deny)', async () => {
    await installGuard();
    expect(
      (
        await admin(
          'DELETE',
          '/api/v1/namespaces/netseal-system/configmaps/netseal-guard',
        )
      ).code,
    ).toBe(200);
    const denied = await changePorts('rollout');
    expect(denied.code).toBe(422);
    expect(denied.body.message).toBe(
      "networkpolicies.networking.k8s.io \"allow-web\" is forbidden: ValidatingAdmissionPolicy 'netseal-guard' with binding 'netseal-guard' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
    );
  });

  it('only warns through a Warn binding, with a Warning header', async () => {
    await installGuard(sealGuardPolicy(), sealGuardBinding(['Warn']));
    const warned = await changePorts('admin');
    expect(warned.code).toBe(200);
    expect(warned.warning).toBe(
      `299 - "Validation failed for ValidatingAdmissionPolicy 'netseal-guard' with binding 'netseal-guard': sealed NetworkPolicy allow-web may change only through a rollout by ${rolloutUser}"`,
    );
  });

  it('records an audit annotation through an Audit binding and lets the request through', async () => {
    await installGuard(sealGuardPolicy(), sealGuardBinding(['Audit']));
    expect((await changePorts('admin')).code).toBe(200);
    expect(server.auditEvents()).toEqual([
      expect.objectContaining({
        operation: 'UPDATE',
        name: 'allow-web',
        namespace: 'shop',
        username: 'kube-admin',
        annotations: {
          'validation.policy.admission.k8s.io/validation_failure':
            JSON.stringify([
              {
                message: `sealed NetworkPolicy allow-web may change only through a rollout by ${rolloutUser}`,
                policy: 'netseal-guard',
                binding: 'netseal-guard',
                expressionIndex: 0,
                validationActions: ['Audit'],
              },
            ]),
        },
      }),
    ]);
  });

  const brokenGuard = (failurePolicy: string) =>
    sealGuardPolicy({
      failurePolicy,
      extraValidation: "params.data.missingKey == 'x'",
    });

  it('denies when an expression fails to evaluate under failurePolicy Fail', async () => {
    await installGuard(brokenGuard('Fail'));
    const answer = await changePorts('rollout');
    expect(answer.code).toBe(422);
    expect(answer.body.message).toContain(
      "denied request: expression 'params.data.missingKey == 'x'' resulted in error:",
    );
  });

  it('allows when an expression fails to evaluate under failurePolicy Ignore', async () => {
    await installGuard(brokenGuard('Ignore'));
    expect((await changePorts('rollout')).code).toBe(200);
  });

  it('applies failurePolicy to a matchCondition that fails to evaluate', async () => {
    const policy = sealGuardPolicy();
    Object.assign(policy.spec as object, {
      matchConditions: [
        { name: 'broken', expression: 'object.metadata.noSuchField == 1' },
      ],
    });
    await installGuard(policy);
    const denied = await changePorts('rollout');
    expect(denied.code).toBe(422);
    expect(denied.body.message).toContain(
      'resulted in error: no such key: noSuchField',
    );
  });

  it('refuses a policy whose expression does not compile, naming the field', async () => {
    const policy = sealGuardPolicy({ extraValidation: 'object.spec.(' });
    const answer = await admin('POST', policies, policy);
    expect(answer.code).toBe(422);
    expect(answer.body.reason).toBe('Invalid');
    expect(answer.body.message).toMatch(
      /^ValidatingAdmissionPolicy\.admissionregistration\.k8s\.io "netseal-guard" is invalid: spec\.validations\[2\]\.expression: Invalid value: "object\.spec\.\(": compilation failed: ERROR: /,
    );
    expect(answer.body.details?.causes?.[0]?.field).toBe(
      'spec.validations[2].expression',
    );
    const undeclared = await admin('POST', policies, {
      ...policy,
      spec: {
        ...(policy.spec as object),
        validations: [{ expression: 'size(objects) > 0' }],
      },
    });
    expect(undeclared.body.message).toContain(
      "undeclared reference to 'objects'",
    );
  });

  it('refuses bindings without a policy name, with both Deny and Warn, or with a paramRef without parameterNotFoundAction', async () => {
    const answer = await admin('POST', bindings, {
      metadata: { name: 'b' },
      spec: { validationActions: ['Deny', 'Warn'] },
    });
    expect(answer.code).toBe(422);
    expect(answer.body.details?.causes?.map(c => c.field)).toEqual([
      'spec.policyName',
      'spec.validationActions',
    ]);
    const noAction = await admin('POST', bindings, {
      metadata: { name: 'b' },
      spec: {
        policyName: 'p',
        validationActions: ['Deny'],
        paramRef: { name: 'netseal-guard' },
      },
    });
    expect(noAction.body.message).toContain(
      'spec.paramRef.parameterNotFoundAction: Required value',
    );
    const none = await admin('POST', bindings, {
      metadata: { name: 'b' },
      spec: { policyName: 'p', validationActions: [] },
    });
    expect(none.body.message).toContain(
      'spec.validationActions: Required value',
    );
  });

  it('defaults failurePolicy to Fail and lets only writers create policies', async () => {
    const forbidden = await call('reader', 'POST', policies, sealGuardPolicy());
    expect(forbidden.code).toBe(403);
    await create(policies, sealGuardPolicy());
    const stored = await admin('GET', `${policies}/netseal-guard`);
    expect(stored.body).toMatchObject({ spec: { failurePolicy: 'Fail' } });
  });

  it('runs the admission hook too: either can deny', async () => {
    await server.stop();
    const hook: AdmissionHook = attributes =>
      attributes.name === 'deny-all' && attributes.operation === 'DELETE'
        ? { allowed: false, message: 'the hook says no' }
        : { allowed: true };
    server = await startFleetServer({ tls: false, admission: hook });
    await installGuard();
    expect((await changePorts('admin')).body.message).toContain(
      "ValidatingAdmissionPolicy 'netseal-guard'",
    );
    expect((await admin('DELETE', `${netpols}/deny-all`)).body.message).toBe(
      'networkpolicies.networking.k8s.io "deny-all" is forbidden: the hook says no',
    );
  });
});
