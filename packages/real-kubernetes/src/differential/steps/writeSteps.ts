import * as k8s from '@kubernetes/client-node';
import { keysOf, outcome, plain, result, warnings } from '../answers';
import { ScenarioStep } from '../Scenario';
import {
  allowWeb,
  egressOnly,
  managedFieldsAnswer,
  policyAnswer,
} from './fixtures';

/**
 * A real cluster refuses pods until the namespace controller has made the namespace's
 * `default` ServiceAccount, a moment after the namespace; Netseal never creates pods, so
 * the scenario waits that moment out instead of comparing it.
 */
async function untilServiceAccountExists<T>(
  create: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await create();
    } catch (error) {
      const waiting =
        error instanceof k8s.ApiException &&
        error.code === 403 &&
        String(error.body).includes('serviceaccount');
      if (!waiting || Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}

/** Namespaces, creates with the API server's defaulting, reads, updates and their errors. */
export const writeSteps: ScenarioStep[] = [
  {
    name: 'namespace: create, with its label, finalizer and phase',
    run: async ({ client, namespace }) =>
      outcome(
        () =>
          client(k8s.CoreV1Api).createNamespaceWithHttpInfo({
            body: { metadata: { name: namespace, labels: { team: 'shop' } } },
          }),
        data => ({
          labels: plain(data.metadata?.labels),
          finalizers: plain(data.spec?.finalizers),
          phase: data.status?.phase ?? null,
        }),
      ),
  },
  {
    name: 'create: a NetworkPolicy gets protocol TCP and policyTypes [Ingress]',
    run: async ({ client, namespace, remembered }) =>
      outcome(
        () =>
          client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo(
            { namespace, body: allowWeb(namespace) },
          ),
        data => {
          remembered.set('allow-web created', data.metadata!.resourceVersion!);
          return {
            policy: policyAnswer(data),
            managedFields: managedFieldsAnswer(data.metadata?.managedFields),
          };
        },
      ),
  },
  {
    name: 'create: egress only gets policyTypes [Ingress, Egress]; endPort and except are kept',
    run: async ({ client, namespace }) =>
      outcome(
        () =>
          client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo(
            { namespace, body: egressOnly(namespace) },
          ),
        data => ({ policy: policyAnswer(data) }),
      ),
  },
  {
    name: 'create: a pod gets the API server defaults',
    run: async ({ client, namespace }) =>
      outcome(
        () =>
          untilServiceAccountExists(() =>
            client(k8s.CoreV1Api).createNamespacedPodWithHttpInfo({
              namespace,
              body: {
                metadata: { name: 'web-0', labels: { app: 'web' } },
                spec: {
                  containers: [
                    {
                      name: 'web',
                      image: 'nginx:1.27',
                      ports: [{ name: 'http', containerPort: 8080 }],
                    },
                  ],
                },
                status: { phase: 'Running', podIP: '10.0.0.5' },
              },
            }),
          ),
        data => {
          const container = data.spec?.containers[0];
          return {
            labels: plain(data.metadata?.labels),
            restartPolicy: data.spec?.restartPolicy ?? null,
            dnsPolicy: data.spec?.dnsPolicy ?? null,
            schedulerName: data.spec?.schedulerName ?? null,
            terminationGracePeriodSeconds:
              data.spec?.terminationGracePeriodSeconds ?? null,
            serviceAccountName: data.spec?.serviceAccountName ?? null,
            enableServiceLinks: data.spec?.enableServiceLinks ?? null,
            priority: data.spec?.priority ?? null,
            preemptionPolicy: data.spec?.preemptionPolicy ?? null,
            tolerations: plain(data.spec?.tolerations ?? []),
            volumes: (data.spec?.volumes ?? []).map(v =>
              v.name.replace(/-[a-z0-9]{5}$/, '-<random>'),
            ),
            containerDefaults: {
              imagePullPolicy: container?.imagePullPolicy ?? null,
              terminationMessagePath: container?.terminationMessagePath ?? null,
              terminationMessagePolicy:
                container?.terminationMessagePolicy ?? null,
              ports: plain(container?.ports),
            },
            status: {
              phase: data.status?.phase ?? null,
              podIP: data.status?.podIP ?? null,
              qosClass: data.status?.qosClass ?? null,
            },
          };
        },
      ),
  },
  {
    name: 'create: the same name again is 409 AlreadyExists',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          body: allowWeb(namespace),
        }),
      ),
  },
  {
    name: 'create: in a namespace that does not exist is 404',
    run: async ({ client }) =>
      outcome(() =>
        client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo({
          namespace: 'no-such-namespace',
          body: allowWeb('no-such-namespace'),
        }),
      ),
  },
  {
    name: 'create: a body naming another namespace than the path is 400',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          body: allowWeb('default'),
        }),
      ),
  },
  {
    name: 'get: a missing policy is 404 NotFound with its details',
    run: async ({ raw, namespace }) => {
      const answer = await raw({
        path: `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/nope`,
      });
      return { status: answer.status, body: JSON.parse(answer.text) };
    },
  },
  {
    name: 'get: the policy as stored, with its managedFields',
    run: async ({ client, namespace }) =>
      outcome(
        () =>
          client(k8s.NetworkingV1Api).readNamespacedNetworkPolicyWithHttpInfo({
            namespace,
            name: 'allow-web',
          }),
        data => ({
          policy: policyAnswer(data),
          managedFields: managedFieldsAnswer(data.metadata?.managedFields),
        }),
      ),
  },
  {
    name: 'update: a stale resourceVersion is 409 Conflict',
    run: async ({ client, namespace }) => {
      const api = client(k8s.NetworkingV1Api);
      const stale = allowWeb(namespace);
      stale.metadata!.resourceVersion = '1';
      return outcome(() =>
        api.replaceNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          name: 'allow-web',
          body: stale,
        }),
      );
    },
  },
  {
    name: 'update: the current resourceVersion changes the port, generation 2',
    run: async ({ client, namespace }) => {
      const api = client(k8s.NetworkingV1Api);
      const current = await api.readNamespacedNetworkPolicy({
        namespace,
        name: 'allow-web',
      });
      current.spec!.ingress![0].ports![0].port = 8443;
      return outcome(
        () =>
          api.replaceNamespacedNetworkPolicyWithHttpInfo({
            namespace,
            name: 'allow-web',
            body: current,
          }),
        data => ({
          policy: policyAnswer(data),
          resourceVersionChanged:
            data.metadata?.resourceVersion !==
            current.metadata?.resourceVersion,
        }),
      );
    },
  },
  {
    name: 'update: the same object again keeps the resourceVersion',
    run: async ({ client, namespace }) => {
      const api = client(k8s.NetworkingV1Api);
      const current = await api.readNamespacedNetworkPolicy({
        namespace,
        name: 'allow-web',
      });
      return outcome(
        () =>
          api.replaceNamespacedNetworkPolicyWithHttpInfo({
            namespace,
            name: 'allow-web',
            body: current,
          }),
        data => ({
          resourceVersionChanged:
            data.metadata?.resourceVersion !==
            current.metadata?.resourceVersion,
          generation: data.metadata?.generation ?? null,
        }),
      );
    },
  },
  {
    name: 'update: without a resourceVersion is accepted (no precondition)',
    run: async ({ client, namespace }) => {
      const body = allowWeb(namespace);
      body.spec!.ingress![0].ports![0].port = 8443;
      return outcome(
        () =>
          client(
            k8s.NetworkingV1Api,
          ).replaceNamespacedNetworkPolicyWithHttpInfo({
            namespace,
            name: 'allow-web',
            body,
          }),
        data => ({ generation: data.metadata?.generation ?? null }),
      );
    },
  },
  {
    name: 'update: changing the name in the body is 400',
    run: async ({ client, namespace }) => {
      const body = allowWeb(namespace);
      body.metadata!.name = 'other-name';
      return outcome(() =>
        client(k8s.NetworkingV1Api).replaceNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          name: 'allow-web',
          body,
        }),
      );
    },
  },
  {
    name: 'update: a pod spec change other than the image is 422',
    run: async ({ client, namespace }) => {
      const api = client(k8s.CoreV1Api);
      const pod = await api.readNamespacedPod({ namespace, name: 'web-0' });
      pod.spec!.containers[0].ports = [{ containerPort: 9090 }];
      return outcome(() =>
        api.replaceNamespacedPodWithHttpInfo({
          namespace,
          name: 'web-0',
          body: pod,
        }),
      );
    },
  },
  {
    name: 'create: an unknown field warns by default and is dropped',
    run: async ({ raw, namespace }) => {
      const body = {
        ...allowWeb(namespace),
        metadata: { name: 'unknown-field', namespace },
        spec: { podSelector: {}, color: 'blue' },
      };
      const answer = await raw({
        method: 'POST',
        path: `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const created = JSON.parse(answer.text);
      return {
        status: answer.status,
        warnings: warnings(answer.headers),
        specFields: keysOf(created.spec),
      };
    },
  },
  {
    name: 'delete: the policy with an unknown field, answered with a Status',
    run: async ({ client, namespace }) =>
      result(
        () =>
          client(k8s.NetworkingV1Api).deleteNamespacedNetworkPolicy({
            namespace,
            name: 'unknown-field',
          }),
        data => ({
          kind: data.kind ?? null,
          status: data.status ?? null,
          details: plain({ ...data.details, uid: undefined }),
        }),
      ),
  },
];
