import * as k8s from '@kubernetes/client-node';
import { outcome, statusAnswer } from '../answers';
import { ScenarioStep } from '../Scenario';

/** Deleting the scenario's namespace: Terminating, finalizers, then gone. */
export const namespaceDeletionSteps: ScenarioStep[] = [
  {
    name: 'namespace: a ConfigMap with a finalizer holds the namespace in Terminating',
    run: async ({ client, namespace }) => {
      const core = client(k8s.CoreV1Api);
      await core.createNamespacedConfigMap({
        namespace,
        body: {
          metadata: { name: 'held', finalizers: ['netseal.io/hold'] },
          data: { why: 'keeps the namespace terminating' },
        },
      });
      return outcome(
        () => core.deleteNamespaceWithHttpInfo({ name: namespace }),
        data => ({ kind: data.kind ?? null }),
      );
    },
  },
  {
    name: 'namespace: a terminating namespace is read with its phase and deletionTimestamp',
    run: async ({ client, namespace }) =>
      outcome(
        () =>
          client(k8s.CoreV1Api, 'reader').readNamespaceWithHttpInfo({
            name: namespace,
          }),
        data => ({
          phase: data.status?.phase ?? null,
          deleting: Boolean(data.metadata?.deletionTimestamp),
        }),
      ),
  },
  {
    name: 'namespace: creating in a terminating namespace is 403',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          body: {
            metadata: { name: 'too-late' },
            spec: { podSelector: {} },
          },
        }),
      ),
  },
  {
    name: 'namespace: the namespace controller removes the policies and pods first',
    run: async ({ client, namespace }) => {
      const deadline = Date.now() + 60_000;
      const networking = client(k8s.NetworkingV1Api, 'reader');
      const core = client(k8s.CoreV1Api, 'reader');
      for (;;) {
        const [policies, pods] = await Promise.all([
          networking.listNamespacedNetworkPolicy({ namespace }),
          core.listNamespacedPod({ namespace }),
        ]);
        const left = policies.items.length + pods.items.length;
        if (left === 0 || Date.now() > deadline) return { left };
        await new Promise(resolve => setTimeout(resolve, 200));
      }
    },
  },
  {
    name: 'namespace: removing the finalizer lets the namespace go',
    run: async ({ client, namespace }) => {
      const core = client(k8s.CoreV1Api);
      try {
        await core.patchNamespacedConfigMap(
          { namespace, name: 'held', body: { metadata: { finalizers: null } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
      } catch (error) {
        return { patch: statusAnswer(error) };
      }
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          await core.readNamespace({ name: namespace });
        } catch (error) {
          return { gone: statusAnswer(error).code === 404 };
        }
        if (Date.now() > deadline) return { gone: false };
        await new Promise(resolve => setTimeout(resolve, 200));
      }
    },
  },
];
