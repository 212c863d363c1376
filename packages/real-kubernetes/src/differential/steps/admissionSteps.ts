import * as k8s from '@kubernetes/client-node';
import { Answer, outcome, plain, warnings } from '../answers';
import { ScenarioContext, ScenarioStep } from '../Scenario';

const policyName = (context: ScenarioContext, what: string) =>
  `differential-${what}-${context.suffix}`;

/** A policy on NetworkPolicy creates and updates, bound to the scenario's namespace only. */
function policy(
  context: ScenarioContext,
  what: string,
  spec: Partial<k8s.V1ValidatingAdmissionPolicySpec>,
): k8s.V1ValidatingAdmissionPolicy {
  return {
    metadata: { name: policyName(context, what) },
    spec: {
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['networking.k8s.io'],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['networkpolicies'],
          },
        ],
      },
      ...spec,
    },
  };
}

function binding(
  context: ScenarioContext,
  what: string,
  spec: Partial<k8s.V1ValidatingAdmissionPolicyBindingSpec>,
): k8s.V1ValidatingAdmissionPolicyBinding {
  return {
    metadata: { name: policyName(context, what) },
    spec: {
      policyName: policyName(context, what),
      validationActions: ['Deny'],
      matchResources: {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': context.namespace },
        },
      },
      ...spec,
    },
  };
}

function admission(context: ScenarioContext) {
  return context.client(k8s.AdmissionregistrationV1Api);
}

function networkPolicy(
  namespace: string,
  name: string,
  port: number,
  labels: Record<string, string> = {},
): k8s.V1NetworkPolicy {
  return {
    metadata: { name, namespace, labels },
    spec: { podSelector: {}, ingress: [{ ports: [{ port }] }] },
  };
}

/** A create whose Warning header is part of the answer. */
function createPolicy(
  context: ScenarioContext,
  body: k8s.V1NetworkPolicy,
  dryRun?: string,
): Promise<Answer> {
  return outcome(
    () =>
      context
        .client(k8s.NetworkingV1Api)
        .createNamespacedNetworkPolicyWithHttpInfo({
          namespace: context.namespace,
          body,
          dryRun,
        }),
    (_data, headers) => ({ warnings: warnings(headers) }),
  );
}

/**
 * A new policy takes effect once the API server's informers have seen it, a moment after
 * its create; dry-run probes wait for that without storing anything.
 */
async function untilEnforced(
  probe: () => Promise<Answer>,
  enforced: (answer: Answer) => boolean,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!enforced(await probe())) {
    if (Date.now() > deadline) {
      throw new Error('the ValidatingAdmissionPolicy took no effect in 30 s');
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

const code = (answer: Answer) =>
  typeof answer === 'object' && answer !== null && !Array.isArray(answer)
    ? answer.code
    : undefined;

function policyAnswer(data: k8s.V1ValidatingAdmissionPolicy): object {
  return { spec: plain(data.spec), status: plain(data.status ?? null) };
}

/** Status of a cluster-scoped policy a while after it was written. */
async function settledStatus(
  context: ScenarioContext,
  name: string,
): Promise<Answer> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const read = await admission(context).readValidatingAdmissionPolicy({
      name,
    });
    if (read.status?.typeChecking || Date.now() > deadline) {
      return plain(read.status ?? null);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** Admission by ValidatingAdmissionPolicies with CEL: defaults, denials, warnings, params. */
export const admissionSteps: ScenarioStep[] = [
  {
    name: 'admission: a policy is stored with its defaults',
    run: async context =>
      outcome(
        () =>
          admission(context).createValidatingAdmissionPolicyWithHttpInfo({
            body: policy(context, 'no-ssh', {
              validations: [
                {
                  expression:
                    '!has(object.spec.ingress) || object.spec.ingress.all(rule, !has(rule.ports) || rule.ports.all(p, !has(p.port) || p.port != 22))',
                  messageExpression:
                    "'port 22 is not allowed in ' + object.metadata.name",
                  reason: 'Forbidden',
                },
              ],
            }),
          }),
        policyAnswer,
      ),
  },
  {
    name: 'admission: a binding is stored with its defaults',
    run: async context =>
      outcome(
        () =>
          admission(context).createValidatingAdmissionPolicyBindingWithHttpInfo(
            {
              body: binding(context, 'no-ssh', {}),
            },
          ),
        data => ({ spec: plain(data.spec) }),
      ),
  },
  {
    name: 'admission: a denied create is 403 with the policy’s message',
    run: async context => {
      const denied = networkPolicy(context.namespace, 'ssh', 22);
      await untilEnforced(
        () => createPolicy(context, denied, 'All'),
        answer => code(answer) !== 201,
      );
      return createPolicy(context, denied);
    },
  },
  {
    name: 'admission: a denied update is 403 too',
    run: async context => {
      const api = context.client(k8s.NetworkingV1Api);
      await api.createNamespacedNetworkPolicy({
        namespace: context.namespace,
        body: networkPolicy(context.namespace, 'https', 443),
      });
      return outcome(() =>
        api.patchNamespacedNetworkPolicyWithHttpInfo(
          {
            namespace: context.namespace,
            name: 'https',
            body: { spec: { ingress: [{ ports: [{ port: 22 }] }] } },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        ),
      );
    },
  },
  {
    name: 'admission: kubectl apply of a denied manifest',
    run: async ({ kubectl, file, namespace }) =>
      kubectl([
        'apply',
        '-f',
        file(
          'ssh.yaml',
          `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ssh-by-kubectl, namespace: ${namespace}}
spec:
  podSelector: {}
  ingress: [{ports: [{port: 22}]}]
`,
        ),
      ]),
  },
  {
    name: 'admission: a Warn binding adds a Warning and lets the create through',
    run: async context => {
      await admission(context).createValidatingAdmissionPolicy({
        body: policy(context, 'warn-label', {
          validations: [
            {
              expression:
                "!has(object.metadata.labels) || !('warn-me' in object.metadata.labels)",
              message: 'the label warn-me is discouraged',
            },
          ],
        }),
      });
      await admission(context).createValidatingAdmissionPolicyBinding({
        body: binding(context, 'warn-label', { validationActions: ['Warn'] }),
      });
      const warned = networkPolicy(context.namespace, 'warned', 80, {
        'warn-me': 'yes',
      });
      await untilEnforced(
        () => createPolicy(context, warned, 'All'),
        answer =>
          typeof answer === 'object' &&
          answer !== null &&
          !Array.isArray(answer) &&
          Array.isArray(answer.warnings) &&
          answer.warnings.length > 0,
      );
      return createPolicy(context, warned);
    },
  },
  {
    name: 'admission: a binding whose params are missing denies with Deny parameterNotFoundAction',
    run: async context => {
      await admission(context).createValidatingAdmissionPolicy({
        body: policy(context, 'params', {
          paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
          validations: [
            { expression: 'object.metadata.name != params.data.forbidden' },
          ],
        }),
      });
      await admission(context).createValidatingAdmissionPolicyBinding({
        body: binding(context, 'params', {
          paramRef: {
            name: 'differential-params',
            namespace: context.namespace,
            parameterNotFoundAction: 'Deny',
          },
        }),
      });
      const probe = networkPolicy(context.namespace, 'params-probe', 80);
      await untilEnforced(
        () => createPolicy(context, probe, 'All'),
        answer => code(answer) !== 201,
      );
      return createPolicy(context, probe);
    },
  },
  {
    name: 'admission: with its params present, the params policy decides',
    run: async context => {
      await context.client(k8s.CoreV1Api).createNamespacedConfigMap({
        namespace: context.namespace,
        body: {
          metadata: { name: 'differential-params' },
          data: { forbidden: 'params-probe' },
        },
      });
      const allowed = networkPolicy(context.namespace, 'params-allowed', 80);
      await untilEnforced(
        () => createPolicy(context, allowed, 'All'),
        answer => code(answer) === 201,
      );
      return {
        forbidden: await createPolicy(
          context,
          networkPolicy(context.namespace, 'params-probe', 80),
        ),
        allowed: await createPolicy(context, allowed),
      };
    },
  },
  {
    name: 'admission: an expression that does not compile is 422 naming its field',
    run: async context =>
      outcome(() =>
        admission(context).createValidatingAdmissionPolicyWithHttpInfo({
          body: policy(context, 'syntax', {
            validations: [{ expression: 'object.metadata.name ==' }],
          }),
        }),
      ),
  },
  {
    name: 'admission: a policy without validations is 422',
    run: async context =>
      outcome(() =>
        admission(context).createValidatingAdmissionPolicyWithHttpInfo({
          body: policy(context, 'empty', {}),
        }),
      ),
  },
  {
    name: 'admission: a binding with both Deny and Warn is 422',
    run: async context =>
      outcome(() =>
        admission(context).createValidatingAdmissionPolicyBindingWithHttpInfo({
          body: binding(context, 'no-ssh-twice', {
            policyName: policyName(context, 'no-ssh'),
            validationActions: ['Deny', 'Warn'],
          }),
        }),
      ),
  },
  {
    name: 'admission: a well-typed policy’s status after type checking',
    run: async context => settledStatus(context, policyName(context, 'no-ssh')),
  },
  {
    name: 'admission: a type error is stored and reported in status.typeChecking',
    run: async context => {
      const created = await outcome(() =>
        admission(context).createValidatingAdmissionPolicyWithHttpInfo({
          body: policy(context, 'type-error', {
            validations: [{ expression: 'object.metadata.name + 1 == 2' }],
          }),
        }),
      );
      return {
        created,
        status: await settledStatus(context, policyName(context, 'type-error')),
      };
    },
  },
  {
    name: 'admission: deleting the scenario’s policies and bindings',
    run: async context => {
      const answers: Answer[] = [];
      for (const what of ['no-ssh', 'warn-label', 'params']) {
        answers.push(
          await outcome(() =>
            admission(
              context,
            ).deleteValidatingAdmissionPolicyBindingWithHttpInfo({
              name: policyName(context, what),
            }),
          ),
        );
      }
      for (const what of ['no-ssh', 'warn-label', 'params', 'type-error']) {
        answers.push(
          await outcome(() =>
            admission(context).deleteValidatingAdmissionPolicyWithHttpInfo({
              name: policyName(context, what),
            }),
          ),
        );
      }
      return answers;
    },
  },
];
