import * as k8s from '@kubernetes/client-node';
import { RealKubernetesContext } from '../../startRealKubernetes';
import { outcome, plain } from '../answers';
import { ScenarioStep } from '../Scenario';

const contexts: RealKubernetesContext[] = ['admin', 'rollout', 'reader'];

/** What `kubectl auth can-i` and Netseal's permission checks ask. */
const questions: {
  context: RealKubernetesContext;
  verb: string;
  group: string;
  resource: string;
  inNamespace: boolean;
}[] = [
  {
    context: 'reader',
    verb: 'list',
    group: 'networking.k8s.io',
    resource: 'networkpolicies',
    inNamespace: false,
  },
  {
    context: 'reader',
    verb: 'watch',
    group: 'networking.k8s.io',
    resource: 'networkpolicies',
    inNamespace: true,
  },
  {
    context: 'reader',
    verb: 'delete',
    group: 'networking.k8s.io',
    resource: 'networkpolicies',
    inNamespace: true,
  },
  {
    context: 'reader',
    verb: 'list',
    group: 'admissionregistration.k8s.io',
    resource: 'validatingadmissionpolicies',
    inNamespace: false,
  },
  {
    context: 'reader',
    verb: 'create',
    group: 'admissionregistration.k8s.io',
    resource: 'validatingadmissionpolicies',
    inNamespace: false,
  },
  {
    context: 'rollout',
    verb: 'delete',
    group: 'networking.k8s.io',
    resource: 'networkpolicies',
    inNamespace: true,
  },
  {
    context: 'rollout',
    verb: 'create',
    group: 'networking.k8s.io',
    resource: 'networkpolicies',
    inNamespace: false,
  },
  {
    context: 'rollout',
    verb: 'list',
    group: '',
    resource: 'pods',
    inNamespace: true,
  },
  {
    context: 'admin',
    verb: 'delete',
    group: '',
    resource: 'namespaces',
    inNamespace: false,
  },
];

/** Who the server says a token is, what it may do, and how it refuses. */
export const accessSteps: ScenarioStep[] = [
  ...contexts.map(
    (context): ScenarioStep => ({
      name: `access: SelfSubjectReview as ${context}`,
      run: async ({ client }) =>
        outcome(
          () =>
            client(
              k8s.AuthenticationV1Api,
              context,
            ).createSelfSubjectReviewWithHttpInfo({ body: {} }),
          data => ({
            username: data.status?.userInfo?.username ?? null,
            groups: [...(data.status?.userInfo?.groups ?? [])].sort(),
            uid: data.status?.userInfo?.uid ?? null,
          }),
        ),
    }),
  ),
  ...questions.map(
    (question): ScenarioStep => ({
      name: `access: SelfSubjectAccessReview, may ${question.context} ${
        question.verb
      } ${question.resource}${question.inNamespace ? ' in a namespace' : ''}`,
      run: async ({ client, namespace }) =>
        outcome(
          () =>
            client(
              k8s.AuthorizationV1Api,
              question.context,
            ).createSelfSubjectAccessReviewWithHttpInfo({
              body: {
                spec: {
                  resourceAttributes: {
                    verb: question.verb,
                    group: question.group,
                    resource: question.resource,
                    namespace: question.inNamespace ? namespace : undefined,
                  },
                },
              },
            }),
          data => ({
            allowed: data.status?.allowed ?? null,
            denied: data.status?.denied ?? null,
          }),
        ),
    }),
  ),
  {
    name: 'access: the reader deleting a policy is 403 in RBAC’s words',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(
          k8s.NetworkingV1Api,
          'reader',
        ).deleteNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          name: 'allow-web',
        }),
      ),
  },
  {
    name: 'access: the rollout identity listing pods is 403',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(k8s.CoreV1Api, 'rollout').listNamespacedPodWithHttpInfo({
          namespace,
        }),
      ),
  },
  {
    name: 'access: the reader listing namespaces is allowed',
    run: async ({ client }) =>
      outcome(
        () => client(k8s.CoreV1Api, 'reader').listNamespaceWithHttpInfo(),
        data => ({ kind: data.kind ?? null }),
      ),
  },
  {
    name: 'access: an unknown token is 401',
    run: async ({ raw }) => {
      const answer = await raw({
        path: '/api/v1/namespaces',
        headers: { Authorization: 'Bearer not-a-token' },
      });
      return { status: answer.status, body: plain(JSON.parse(answer.text)) };
    },
  },
  {
    name: 'access: kubectl auth whoami as the reader',
    run: async ({ kubectl }) =>
      kubectl(['auth', 'whoami'], { context: 'reader' }),
  },
  {
    name: 'access: kubectl auth can-i as the reader',
    run: async ({ kubectl, namespace }) => ({
      list: await kubectl(
        ['auth', 'can-i', 'list', 'netpol', '-n', namespace],
        {
          context: 'reader',
        },
      ),
      delete: await kubectl(
        ['auth', 'can-i', 'delete', 'netpol', '-n', namespace],
        { context: 'reader' },
      ),
    }),
  },
];
