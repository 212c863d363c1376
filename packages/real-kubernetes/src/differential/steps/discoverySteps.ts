import * as k8s from '@kubernetes/client-node';
import { Answer, outcome } from '../answers';
import { ScenarioStep } from '../Scenario';

/** The resources Netseal reads or writes, by group version. */
const servedResources: Record<string, string[]> = {
  v1: ['namespaces', 'pods', 'configmaps'],
  'networking.k8s.io/v1': ['networkpolicies'],
  'admissionregistration.k8s.io/v1': [
    'validatingadmissionpolicies',
    'validatingadmissionpolicybindings',
  ],
  'authentication.k8s.io/v1': ['selfsubjectreviews'],
  'authorization.k8s.io/v1': [
    'selfsubjectaccessreviews',
    'selfsubjectrulesreviews',
  ],
};

/** The parts of an OpenAPI v3 schema the scenario reads. */
interface OpenApiSchema {
  $ref?: string;
  allOf?: { $ref?: string }[];
  properties?: Record<string, OpenApiSchema>;
  'x-kubernetes-group-version-kind'?: object[];
  'x-kubernetes-list-type'?: string;
}

function resourceAnswer(resource: k8s.V1APIResource): Answer {
  return {
    name: resource.name,
    singularName: resource.singularName,
    namespaced: resource.namespaced,
    kind: resource.kind,
    verbs: [...resource.verbs].sort(),
    shortNames: [...(resource.shortNames ?? [])].sort(),
    categories: [...(resource.categories ?? [])].sort(),
  };
}

/** Discovery: what kubectl and client-node learn before their first real request. */
export const discoverySteps: ScenarioStep[] = [
  {
    name: 'discovery: /version has a major, a minor and a gitVersion',
    run: async ({ client }) =>
      outcome(
        () => client(k8s.VersionApi, 'reader').getCodeWithHttpInfo(),
        data => ({
          major: /^\d+$/.test(data.major),
          minor: /^\d+\+?$/.test(data.minor),
          gitVersion: /^v\d+\.\d+\.\d+/.test(data.gitVersion),
          platform: data.platform,
        }),
      ),
  },
  {
    name: 'discovery: /api lists v1',
    run: async ({ client }) =>
      outcome(
        () => client(k8s.CoreApi, 'reader').getAPIVersionsWithHttpInfo(),
        data => ({ kind: data.kind ?? null, versions: data.versions }),
      ),
  },
  {
    name: 'discovery: /apis gives the preferred version of the groups Netseal uses',
    run: async ({ client }) =>
      outcome(
        () => client(k8s.ApisApi, 'reader').getAPIVersionsWithHttpInfo(),
        data => {
          const wanted = Object.keys(servedResources)
            .filter(gv => gv.includes('/'))
            .map(gv => gv.split('/')[0]);
          return Object.fromEntries(
            wanted.map(group => [
              group,
              data.groups.find(g => g.name === group)?.preferredVersion
                ?.groupVersion ?? null,
            ]),
          );
        },
      ),
  },
  ...Object.entries(servedResources).map(
    ([groupVersion, resources]): ScenarioStep => ({
      name: `discovery: the resources of ${groupVersion}`,
      run: async ({ raw }) => {
        const path =
          groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
        const answer = await raw({ context: 'reader', path });
        if (answer.status !== 200) return { status: answer.status };
        const list = JSON.parse(answer.text) as k8s.V1APIResourceList;
        return {
          status: answer.status,
          kind: list.kind ?? null,
          groupVersion: list.groupVersion,
          resources: resources.map(name => {
            const resource = list.resources.find(r => r.name === name);
            return resource ? resourceAnswer(resource) : null;
          }),
        };
      },
    }),
  ),
  {
    name: 'discovery: aggregated discovery when the client asks for it (kubectl 1.32 does)',
    run: async ({ raw }) => {
      const answer = await raw({
        context: 'reader',
        path: '/apis',
        headers: {
          Accept:
            'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
        },
      });
      return {
        status: answer.status,
        contentType: String(answer.headers['content-type'] ?? ''),
        kind: JSON.parse(answer.text).kind,
      };
    },
  },
  {
    name: 'discovery: OpenAPI v3 describes NetworkPolicy with its patch strategy',
    run: async ({ raw }) => {
      const index = await raw({ context: 'reader', path: '/openapi/v3' });
      const paths = JSON.parse(index.text).paths as Record<
        string,
        { serverRelativeURL: string }
      >;
      const entry = paths['apis/networking.k8s.io/v1'];
      if (!entry) return { status: index.status, networking: null };
      const document = await raw({
        context: 'reader',
        path: entry.serverRelativeURL,
      });
      const schemas: Record<string, OpenApiSchema> = JSON.parse(document.text)
        .components.schemas;
      // A property is inline, a $ref, or an allOf of one $ref; all read the same.
      const resolve = (schema?: OpenApiSchema) => {
        const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
        return ref ? schemas[ref.replace('#/components/schemas/', '')] : schema;
      };
      const policy = schemas['io.k8s.api.networking.v1.NetworkPolicy'];
      const spec = resolve(policy?.properties?.spec);
      return {
        status: index.status,
        gvk: policy?.['x-kubernetes-group-version-kind'] ?? null,
        ingressListType:
          spec?.properties?.ingress?.['x-kubernetes-list-type'] ?? null,
        policyTypesListType:
          spec?.properties?.policyTypes?.['x-kubernetes-list-type'] ?? null,
      };
    },
  },
  {
    name: 'discovery: kubectl api-resources of networking.k8s.io',
    run: async ({ kubectl }) => {
      const answer = await kubectl(
        ['api-resources', '--api-group=networking.k8s.io', '-o', 'wide'],
        { context: 'reader' },
      );
      // Only the kinds the test server serves are compared.
      return {
        ...answer,
        stdout: answer.stdout
          .split('\n')
          .filter(line => /^(NAME|networkpolicies)\s/.test(line))
          .join('\n'),
      };
    },
  },
];
