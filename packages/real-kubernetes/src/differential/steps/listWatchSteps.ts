import * as k8s from '@kubernetes/client-node';
import { Answer, keysOf, outcome } from '../answers';
import { ScenarioContext, ScenarioStep } from '../Scenario';

const policies = (namespace: string) =>
  `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`;

function names(items: { metadata?: { name?: string } }[]): string[] {
  return items.map(item => item.metadata?.name ?? '').sort();
}

/** A raw list: what the JSON holds, as an informer reads it. */
async function rawList(
  { raw }: ScenarioContext,
  path: string,
  remember?: (resourceVersion: string) => void,
): Promise<Answer> {
  const answer = await raw({ context: 'reader', path });
  const body = JSON.parse(answer.text);
  if (answer.status !== 200) {
    return {
      status: answer.status,
      reason: body.reason,
      message: body.message,
      details: body.details ?? null,
    };
  }
  remember?.(body.metadata.resourceVersion);
  return {
    status: answer.status,
    kind: body.kind,
    apiVersion: body.apiVersion,
    metadataFields: keysOf(body.metadata),
    names: names(body.items),
    itemsCarryKind: body.items.some((item: object) => 'kind' in item),
  };
}

interface WatchEvent {
  [key: string]: Answer;
}

/**
 * Opens a watch, runs `action` once it is connected, and collects events until `count`
 * have come (bounded: 15 s), then closes it.
 */
async function watchEvents(
  { target }: ScenarioContext,
  path: string,
  query: Record<string, string | boolean>,
  count: number,
  action: () => Promise<void> = async () => {},
): Promise<Answer> {
  const events: WatchEvent[] = [];
  let failure: string | undefined;
  let ended = false;
  const watch = new k8s.Watch(target.kubeConfig('reader'));
  const controller = await watch.watch(
    path,
    query,
    (type, object) => {
      if (type === 'BOOKMARK') {
        events.push({
          type,
          initialEventsEnd:
            object?.metadata?.annotations?.['k8s.io/initial-events-end'] ??
            null,
        });
      } else if (type === 'ERROR') {
        events.push({
          type,
          code: object?.code ?? null,
          reason: object?.reason ?? null,
          message: String(object?.message ?? '').replace(/\d+/g, '<n>'),
        });
      } else {
        events.push({
          type,
          name: object?.metadata?.name ?? null,
          labels: object?.metadata?.labels ?? {},
        });
      }
    },
    error => {
      ended = true;
      if (error) {
        failure = String(error.statusCode ?? error.message ?? error);
      }
    },
  );
  await action();
  const deadline = Date.now() + 15_000;
  while (events.length < count && !ended && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  controller.abort();
  return { events, failure: failure ?? null };
}

/** Lists with selectors, pages and resourceVersions; watches from a resourceVersion. */
export const listWatchSteps: ScenarioStep[] = [
  {
    name: 'list: the namespace’s policies, with the list’s resourceVersion',
    run: async context =>
      rawList(context, policies(context.namespace), rv =>
        context.remembered.set('list', rv),
      ),
  },
  {
    name: 'list: by label selector',
    run: async context =>
      rawList(
        context,
        `${policies(context.namespace)}?labelSelector=${encodeURIComponent(
          'netseal.io/sealed=true,tier notin (web)',
        )}`,
      ),
  },
  {
    name: 'list: all namespaces by field selector metadata.namespace',
    run: async context =>
      rawList(
        context,
        `/apis/networking.k8s.io/v1/networkpolicies?fieldSelector=${encodeURIComponent(
          `metadata.namespace=${context.namespace},metadata.name!=allow-web`,
        )}`,
      ),
  },
  {
    name: 'list: a label selector that does not parse is 400',
    run: async context =>
      rawList(
        context,
        `${policies(context.namespace)}?labelSelector=${encodeURIComponent(
          'app in (web',
        )}`,
      ),
  },
  {
    name: 'list: a field selector on an unsupported field is 400',
    run: async context =>
      rawList(
        context,
        `${policies(context.namespace)}?fieldSelector=spec.podSelector%3Dx`,
      ),
  },
  {
    name: 'list: pages of one, with continue and remainingItemCount',
    run: async ({ client, namespace }) => {
      const api = client(k8s.NetworkingV1Api, 'reader');
      const first = await api.listNamespacedNetworkPolicy({
        namespace,
        limit: 1,
      });
      const second = await api.listNamespacedNetworkPolicy({
        namespace,
        limit: 1,
        _continue: first.metadata?._continue,
      });
      return {
        first: names(first.items),
        firstHasContinue: Boolean(first.metadata?._continue),
        remainingItemCount: first.metadata?.remainingItemCount ?? null,
        second: names(second.items),
        secondHasContinue: Boolean(second.metadata?._continue),
      };
    },
  },
  {
    name: 'list: an invalid continue token is 400',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(
          k8s.NetworkingV1Api,
          'reader',
        ).listNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          limit: 1,
          _continue: 'not-a-token',
        }),
      ),
  },
  {
    name: 'list: resourceVersionMatch=Exact at the first create shows the port then',
    run: async ({ client, namespace, remembered }) =>
      outcome(
        () =>
          client(
            k8s.NetworkingV1Api,
            'reader',
          ).listNamespacedNetworkPolicyWithHttpInfo({
            namespace,
            resourceVersion: remembered.get('allow-web created'),
            resourceVersionMatch: 'Exact',
          }),
        data => ({
          names: names(data.items),
          ports: data.items.map(
            p => p.spec?.ingress?.[0]?.ports?.[0]?.port ?? null,
          ),
        }),
      ),
  },
  {
    name: 'list: resourceVersion=0 is served',
    run: async ({ client, namespace }) =>
      outcome(
        () =>
          client(
            k8s.NetworkingV1Api,
            'reader',
          ).listNamespacedNetworkPolicyWithHttpInfo({
            namespace,
            resourceVersion: '0',
          }),
        data => ({ names: names(data.items) }),
      ),
  },
  {
    name: 'list: resourceVersionMatch without resourceVersion is 422',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(
          k8s.NetworkingV1Api,
          'reader',
        ).listNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          resourceVersionMatch: 'Exact',
        }),
      ),
  },
  {
    name: 'watch: from the list’s resourceVersion sees a create, a label and a delete',
    run: async context => {
      const { client, namespace } = context;
      const api = client(k8s.NetworkingV1Api);
      return watchEvents(
        context,
        policies(namespace),
        { resourceVersion: context.remembered.get('list') ?? '' },
        4,
        async () => {
          await api.createNamespacedNetworkPolicy({
            namespace,
            body: {
              metadata: { name: 'watched', namespace },
              spec: { podSelector: {} },
            },
          });
          const current = await api.readNamespacedNetworkPolicy({
            namespace,
            name: 'watched',
          });
          current.metadata!.labels = { seen: 'yes' };
          await api.replaceNamespacedNetworkPolicy({
            namespace,
            name: 'watched',
            body: current,
          });
          await api.deleteNamespacedNetworkPolicy({
            namespace,
            name: 'watched',
          });
        },
      );
    },
  },
  {
    name: 'watch: without a resourceVersion starts with ADDED for what exists',
    run: async context =>
      watchEvents(context, policies(context.namespace), {}, 2),
  },
  {
    name: 'watch: sendInitialEvents ends its initial events with a bookmark',
    run: async context =>
      watchEvents(
        context,
        policies(context.namespace),
        {
          sendInitialEvents: true,
          allowWatchBookmarks: true,
          resourceVersionMatch: 'NotOlderThan',
          resourceVersion: '',
        },
        3,
      ),
  },
  {
    name: 'watch: a label selector turns a relabel into DELETED',
    run: async context => {
      const { client, namespace } = context;
      const api = client(k8s.NetworkingV1Api);
      return watchEvents(
        context,
        policies(namespace),
        {
          labelSelector: 'tier=db',
          resourceVersion: context.remembered.get('list') ?? '',
        },
        1,
        async () => {
          const current = await api.readNamespacedNetworkPolicy({
            namespace,
            name: 'egress-only',
          });
          current.metadata!.labels = { tier: 'cache' };
          await api.replaceNamespacedNetworkPolicy({
            namespace,
            name: 'egress-only',
            body: current,
          });
        },
      );
    },
  },
  {
    name: 'get: a resourceVersion newer than the server’s is 504 Timeout',
    run: async ({ raw, namespace }) => {
      const answer = await raw({
        context: 'reader',
        path: `${policies(namespace)}/allow-web?resourceVersion=99999999`,
      });
      const body = JSON.parse(answer.text);
      return {
        status: answer.status,
        reason: body.reason ?? null,
        // The current revision differs between the servers.
        message: String(body.message).replace(/current: \d+/, 'current: <n>'),
        details: body.details ?? null,
      };
    },
  },
  {
    name: 'watch: after a compaction, an old resourceVersion is 410 Expired',
    run: async context => {
      await context.target.compact();
      return watchEvents(
        context,
        policies(context.namespace),
        { resourceVersion: '2' },
        1,
      );
    },
  },
  {
    name: 'list: after a compaction, Exact at an old resourceVersion is 410',
    run: async context =>
      rawList(
        context,
        `${policies(context.namespace)}?resourceVersion=${
          context.remembered.get('allow-web created') ?? ''
        }&resourceVersionMatch=Exact`,
      ),
  },
];
