import * as k8s from '@kubernetes/client-node';
import { Answer, outcome, plain } from '../answers';
import { ScenarioContext, ScenarioStep } from '../Scenario';
import { managedFieldsAnswer } from './fixtures';

function patch(
  { client, namespace }: ScenarioContext,
  strategy: k8s.PatchStrategy,
  body: unknown,
  query: { dryRun?: string; fieldManager?: string; force?: boolean } = {},
  name = 'allow-web',
): Promise<Answer> {
  return outcome(
    () =>
      client(k8s.NetworkingV1Api).patchNamespacedNetworkPolicyWithHttpInfo(
        { namespace, name, body, ...query },
        k8s.setHeaderOptions('Content-Type', strategy),
      ),
    data => ({
      labels: plain(data.metadata?.labels ?? {}),
      generation: data.metadata?.generation ?? null,
      spec: plain(data.spec),
      managedFields: managedFieldsAnswer(data.metadata?.managedFields),
    }),
  );
}

const sealedAllowWeb = (namespace: string, port: number) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'applied', namespace, labels: { owner: 'ssa' } },
  spec: {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ ports: [{ port }] }],
  },
});

/** The three patch types, dry-run patches, and server-side apply. */
export const patchSteps: ScenarioStep[] = [
  {
    name: 'patch: merge patch adds a label and replaces the ingress list',
    run: context =>
      patch(context, k8s.PatchStrategy.MergePatch, {
        metadata: { labels: { merged: 'yes' } },
        spec: { ingress: [{ ports: [{ port: 9090 }] }] },
      }),
  },
  {
    name: 'patch: strategic merge patch replaces lists without a merge key',
    run: context =>
      patch(context, k8s.PatchStrategy.StrategicMergePatch, {
        metadata: { labels: { strategic: 'yes', merged: null } },
        spec: {
          ingress: [{ ports: [{ port: 7070, protocol: 'UDP' }] }],
          policyTypes: ['Ingress', 'Egress'],
        },
      }),
  },
  {
    name: 'patch: strategic merge patch with $patch: replace on spec',
    run: context =>
      patch(context, k8s.PatchStrategy.StrategicMergePatch, {
        spec: {
          $patch: 'replace',
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [{ ports: [{ port: 8080 }] }],
        },
      }),
  },
  {
    name: 'patch: JSON patch replaces the port and adds a label',
    run: context =>
      patch(context, k8s.PatchStrategy.JsonPatch, [
        { op: 'replace', path: '/spec/ingress/0/ports/0/port', value: 6060 },
        { op: 'add', path: '/metadata/labels/json', value: 'yes' },
      ]),
  },
  {
    name: 'patch: JSON patch whose test fails',
    run: context =>
      patch(context, k8s.PatchStrategy.JsonPatch, [
        { op: 'test', path: '/spec/ingress/0/ports/0/port', value: 1 },
      ]),
  },
  {
    name: 'patch: JSON patch on a path that does not exist',
    run: context =>
      patch(context, k8s.PatchStrategy.JsonPatch, [
        { op: 'replace', path: '/spec/egress/0/ports', value: [] },
      ]),
  },
  {
    name: 'patch: a patch that makes the object invalid is 422',
    run: context =>
      patch(context, k8s.PatchStrategy.MergePatch, {
        spec: { ingress: [{ ports: [{ port: 0 }] }] },
      }),
  },
  {
    name: 'patch: a patch that changes the name is 400',
    run: context =>
      patch(context, k8s.PatchStrategy.MergePatch, {
        metadata: { name: 'renamed' },
      }),
  },
  {
    name: 'patch: dry-run changes nothing',
    run: async context => {
      const patched = await patch(
        context,
        k8s.PatchStrategy.MergePatch,
        { metadata: { labels: { dry: 'run' } } },
        { dryRun: 'All' },
      );
      const after = await context
        .client(k8s.NetworkingV1Api)
        .readNamespacedNetworkPolicy({
          namespace: context.namespace,
          name: 'allow-web',
        });
      return { patched, labelsAfter: plain(after.metadata?.labels ?? {}) };
    },
  },
  {
    name: 'patch: an unsupported content type is 415',
    run: async ({ raw, namespace }) => {
      const answer = await raw({
        method: 'PATCH',
        path: `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/allow-web`,
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      const body = JSON.parse(answer.text);
      return {
        status: answer.status,
        reason: body.reason,
        message: body.message,
      };
    },
  },
  {
    name: 'patch: a missing object is 404',
    run: context =>
      patch(
        context,
        k8s.PatchStrategy.MergePatch,
        { metadata: { labels: { a: 'b' } } },
        {},
        'no-such-policy',
      ),
  },
  {
    name: 'server-side apply: creates the object, owned by its field manager',
    run: context =>
      patch(
        context,
        k8s.PatchStrategy.ServerSideApply,
        sealedAllowWeb(context.namespace, 8080),
        { fieldManager: 'netseal-differential' },
        'applied',
      ),
  },
  {
    name: 'server-side apply: another manager changing an owned field is 409',
    run: context =>
      patch(
        context,
        k8s.PatchStrategy.ServerSideApply,
        sealedAllowWeb(context.namespace, 9090),
        { fieldManager: 'someone-else' },
        'applied',
      ),
  },
  {
    name: 'server-side apply: force takes the field over',
    run: context =>
      patch(
        context,
        k8s.PatchStrategy.ServerSideApply,
        sealedAllowWeb(context.namespace, 9090),
        { fieldManager: 'someone-else', force: true },
        'applied',
      ),
  },
  {
    name: 'server-side apply: without a field manager is 422',
    run: context =>
      patch(
        context,
        k8s.PatchStrategy.ServerSideApply,
        sealedAllowWeb(context.namespace, 9090),
        {},
        'applied',
      ),
  },
];
