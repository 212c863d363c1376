import { chmodSync } from 'node:fs';
import { ScenarioContext, ScenarioStep } from '../Scenario';

const manifest = (
  namespace: string,
  port: number,
) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: kubectl-applied
  namespace: ${namespace}
  labels: {app.kubernetes.io/managed-by: kubectl}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: front}}}]
    ports: [{port: ${port}}]
`;

function apply(
  { kubectl, file, namespace }: ScenarioContext,
  port: number,
  extra: string[] = [],
) {
  return kubectl([
    'apply',
    '-f',
    file(`applied-${port}.yaml`, manifest(namespace, port)),
    ...extra,
  ]);
}

/** Real kubectl 1.32, as a user at a terminal would type it. */
export const kubectlSteps: ScenarioStep[] = [
  {
    name: 'kubectl: apply creates',
    run: context => apply(context, 8080),
  },
  {
    name: 'kubectl: apply of a change configures',
    run: context => apply(context, 8081),
  },
  {
    name: 'kubectl: apply of the same manifest leaves it unchanged',
    run: context => apply(context, 8081),
  },
  {
    name: 'kubectl: apply keeps last-applied-configuration',
    run: ({ kubectl, namespace }) =>
      kubectl([
        'get',
        'netpol',
        'kubectl-applied',
        '-n',
        namespace,
        '-o',
        "jsonpath={.metadata.annotations['kubectl\\.kubernetes\\.io/last-applied-configuration']}",
      ]),
  },
  {
    name: 'kubectl: apply --server-side',
    run: context =>
      apply(context, 8082, ['--server-side', '--force-conflicts']),
  },
  {
    name: 'kubectl: get netpol prints the table',
    // Without the server-side applied policy, which only the real server could create.
    run: ({ kubectl, namespace }) =>
      kubectl(['get', 'netpol', '-n', namespace, '-l', 'owner!=ssa']),
  },
  {
    name: 'kubectl: get netpol -o wide',
    run: ({ kubectl, namespace }) =>
      kubectl(['get', 'netpol', 'allow-web', '-n', namespace, '-o', 'wide']),
  },
  {
    name: 'kubectl: get pods prints the table',
    run: ({ kubectl, namespace }) => kubectl(['get', 'pods', '-n', namespace]),
  },
  {
    name: 'kubectl: get namespace prints the table',
    run: ({ kubectl, namespace }) =>
      kubectl(['get', 'namespace', namespace], { context: 'reader' }),
  },
  {
    name: 'kubectl: get -o yaml of a policy',
    run: ({ kubectl, namespace }) =>
      kubectl(['get', 'netpol', 'egress-only', '-n', namespace, '-o', 'yaml']),
  },
  {
    name: 'kubectl: get of a missing policy',
    run: ({ kubectl, namespace }) =>
      kubectl(['get', 'netpol', 'nope', '-n', namespace]),
  },
  {
    name: 'kubectl: patch --type merge',
    run: ({ kubectl, namespace }) =>
      kubectl([
        'patch',
        'netpol',
        'kubectl-applied',
        '-n',
        namespace,
        '--type',
        'merge',
        '-p',
        '{"spec":{"ingress":[{"ports":[{"port":7000}]}]}}',
      ]),
  },
  {
    name: 'kubectl: patch --type strategic',
    run: ({ kubectl, namespace }) =>
      kubectl([
        'patch',
        'netpol',
        'kubectl-applied',
        '-n',
        namespace,
        '-p',
        '{"metadata":{"labels":{"patched":"strategic"}}}',
      ]),
  },
  {
    name: 'kubectl: patch --type json',
    run: ({ kubectl, namespace }) =>
      kubectl([
        'patch',
        'netpol',
        'kubectl-applied',
        '-n',
        namespace,
        '--type',
        'json',
        '-p',
        '[{"op":"replace","path":"/spec/ingress/0/ports/0/port","value":7001}]',
      ]),
  },
  {
    name: 'kubectl: patch that changes nothing',
    run: ({ kubectl, namespace }) =>
      kubectl([
        'patch',
        'netpol',
        'kubectl-applied',
        '-n',
        namespace,
        '--type',
        'merge',
        '-p',
        '{"metadata":{"labels":{"patched":"strategic"}}}',
      ]),
  },
  {
    name: 'kubectl: label and annotate',
    run: async ({ kubectl, namespace }) => ({
      label: await kubectl([
        'label',
        'netpol',
        'kubectl-applied',
        '-n',
        namespace,
        'stage=test',
      ]),
      labelAgain: await kubectl([
        'label',
        'netpol',
        'kubectl-applied',
        '-n',
        namespace,
        'stage=prod',
      ]),
      annotate: await kubectl([
        'annotate',
        'netpol',
        'kubectl-applied',
        '-n',
        namespace,
        'note=hello',
      ]),
    }),
  },
  {
    name: 'kubectl: edit with an editor that changes the port',
    run: ({ kubectl, file, namespace }) => {
      const editor = file(
        'editor.sh',
        '#!/bin/sh\nsed -i "s/port: 7001/port: 7002/" "$1"\n',
      );
      chmodSync(editor, 0o755);
      return kubectl(['edit', 'netpol', 'kubectl-applied', '-n', namespace], {
        env: { EDITOR: editor, KUBE_EDITOR: editor },
      });
    },
  },
  {
    // What Netseal's attribution of drift reads: each writer's manager and operation, in
    // the order the server keeps them, from a create, an edit and a controller's patch.
    name: 'kubectl: managedFields name each writer (create, edit, a controller’s patch)',
    run: async ({ kubectl, file, namespace }) => {
      const created = await kubectl([
        'create',
        '-f',
        file(
          'attributed.yaml',
          manifest(namespace, 7101).replace('kubectl-applied', 'attributed'),
        ),
      ]);
      const editor = file(
        'attribution-editor.sh',
        '#!/bin/sh\nsed -i "s/port: 7101/port: 7102/" "$1"\n',
      );
      chmodSync(editor, 0o755);
      const edited = await kubectl(
        ['edit', 'netpol', 'attributed', '-n', namespace],
        { env: { EDITOR: editor, KUBE_EDITOR: editor } },
      );
      const patched = await kubectl([
        'patch',
        'netpol',
        'attributed',
        '-n',
        namespace,
        '--type',
        'merge',
        '--field-manager',
        'policy-operator',
        '-p',
        '{"metadata":{"labels":{"operated":"yes"}}}',
      ]);
      const writers = await kubectl([
        'get',
        'netpol',
        'attributed',
        '-n',
        namespace,
        '-o',
        'jsonpath={range .metadata.managedFields[*]}{.manager} {.operation} {.fieldsType}{"\\n"}{end}',
      ]);
      await kubectl(['delete', 'netpol', 'attributed', '-n', namespace]);
      return { created, edited, patched, writers };
    },
  },
  {
    name: 'kubectl: delete',
    run: ({ kubectl, namespace }) =>
      kubectl(['delete', 'netpol', 'kubectl-applied', '-n', namespace]),
  },
];
