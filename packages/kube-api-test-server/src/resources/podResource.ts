import { randomBytes } from 'node:crypto';
import { FieldError, fieldError } from '../api/fieldErrors';
import { JsonObject, JsonValue, KubeObject, isJsonObject } from '../api/types';
import { ArraySchema, ObjectSchema } from '../schema/FieldSchema';
import { objectMetaSchema } from '../schema/objectMetaSchema';
import {
  isDns1123Label,
  isDns1123Subdomain,
} from '../validation/nameValidation';
import { ResourceDefinition } from './ResourceDefinition';

// Pods are here so that NetworkPolicy selectors have something to select. Only the parts of
// PodSpec that matter to that, and to kubectl's printing, are modelled; the rest is kept as sent.

function mergedByName(): ArraySchema {
  return {
    type: 'array',
    presence: 'omitempty',
    patchStrategy: 'merge',
    patchMergeKey: 'name',
    listType: 'map',
    listMapKeys: ['name'],
    items: { type: 'any' },
  };
}

const podSchema: ObjectSchema = {
  type: 'object',
  goType: 'Pod',
  properties: {
    apiVersion: { type: 'string', presence: 'omitempty' },
    kind: { type: 'string', presence: 'omitempty' },
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      goType: 'PodSpec',
      presence: 'always',
      preserveUnknownFields: true,
      properties: {
        containers: mergedByName(),
        initContainers: mergedByName(),
        ephemeralContainers: mergedByName(),
        volumes: mergedByName(),
        imagePullSecrets: mergedByName(),
        nodeName: { type: 'string', presence: 'omitempty' },
        serviceAccountName: { type: 'string', presence: 'omitempty' },
        restartPolicy: { type: 'string', presence: 'omitempty' },
      },
    },
    status: {
      type: 'object',
      goType: 'PodStatus',
      presence: 'always',
      preserveUnknownFields: true,
      properties: {
        phase: { type: 'string', presence: 'omitempty' },
        podIP: { type: 'string', presence: 'omitempty' },
      },
    },
  },
};

function objectAt(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

function listAt(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function defaultContainer(container: JsonValue) {
  if (!isJsonObject(container)) return;
  if (container.imagePullPolicy === undefined) {
    const image = String(container.image ?? '');
    const tagged =
      /:[^/]+$/.test(image.split('@')[0]) && !image.endsWith(':latest');
    container.imagePullPolicy =
      tagged || image.includes('@') ? 'IfNotPresent' : 'Always';
  }
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  for (const port of listAt(container.ports)) {
    if (isJsonObject(port)) port.protocol ??= 'TCP';
  }
}

/** The subset of SetDefaults_Pod/PodSpec/Container that `kubectl get pod -o yaml` makes visible. */
function defaultPod(pod: KubeObject) {
  const spec = objectAt(pod.spec as JsonValue);
  pod.spec = spec;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  spec.serviceAccountName ??= 'default';
  for (const container of [
    ...listAt(spec.containers),
    ...listAt(spec.initContainers),
  ]) {
    defaultContainer(container);
  }
}

const serviceAccountMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map(b => alphabet[b % alphabet.length]).join('');
}

/**
 * What the mutating admission plugins every cluster runs add to a new pod:
 * DefaultTolerationSeconds its two NoExecute tolerations, ServiceAccount the projected
 * `kube-api-access-*` volume and its mount in every container.
 */
function admitNewPod(pod: KubeObject) {
  const spec = objectAt(pod.spec as JsonValue);
  const tolerations = listAt(spec.tolerations);
  for (const key of [
    'node.kubernetes.io/not-ready',
    'node.kubernetes.io/unreachable',
  ]) {
    const tolerated = tolerations.some(
      t =>
        isJsonObject(t) &&
        (t.key === key || (t.key === undefined && t.operator === 'Exists')) &&
        (t.effect === undefined || t.effect === 'NoExecute'),
    );
    if (!tolerated) {
      tolerations.push({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      });
    }
  }
  spec.tolerations = tolerations;

  const containers = [
    ...listAt(spec.containers),
    ...listAt(spec.initContainers),
  ].filter(isJsonObject);
  const mounted = containers.some(c =>
    listAt(c.volumeMounts).some(
      m => isJsonObject(m) && m.mountPath === serviceAccountMountPath,
    ),
  );
  if (spec.automountServiceAccountToken === false || mounted) return;
  const name = `kube-api-access-${randomSuffix()}`;
  spec.volumes = [
    ...listAt(spec.volumes),
    {
      name,
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          {
            configMap: {
              name: 'kube-root-ca.crt',
              items: [{ key: 'ca.crt', path: 'ca.crt' }],
            },
          },
          {
            downwardAPI: {
              items: [
                {
                  path: 'namespace',
                  fieldRef: {
                    apiVersion: 'v1',
                    fieldPath: 'metadata.namespace',
                  },
                },
              ],
            },
          },
        ],
        defaultMode: 420,
      },
    },
  ];
  for (const container of containers) {
    container.volumeMounts = [
      ...listAt(container.volumeMounts),
      { name, readOnly: true, mountPath: serviceAccountMountPath },
    ];
  }
}

function validatePodSpec(pod: KubeObject): FieldError[] {
  const spec = objectAt(pod.spec as JsonValue);
  const errors: FieldError[] = [];
  const containers = listAt(spec.containers);
  if (containers.length === 0)
    errors.push(fieldError.required('spec.containers'));
  const seen = new Set<string>();
  containers.forEach((container, index) => {
    const path = `spec.containers[${index}]`;
    const c = objectAt(container);
    const name = typeof c.name === 'string' ? c.name : '';
    if (!name) errors.push(fieldError.required(`${path}.name`));
    else {
      for (const message of isDns1123Label(name)) {
        errors.push(fieldError.invalid(`${path}.name`, name, message));
      }
      if (seen.has(name))
        errors.push(fieldError.duplicate(`${path}.name`, name));
      seen.add(name);
    }
    if (!c.image) errors.push(fieldError.required(`${path}.image`));
  });
  return errors;
}

// Outside images and a few scheduling fields, a pod's spec is immutable (ValidatePodUpdate).
function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const strip = (value: JsonValue | undefined) => {
    const spec = JSON.parse(JSON.stringify(objectAt(value))) as JsonObject;
    for (const c of [
      ...listAt(spec.containers),
      ...listAt(spec.initContainers),
    ]) {
      if (isJsonObject(c)) delete c.image;
    }
    delete spec.activeDeadlineSeconds;
    delete spec.tolerations;
    return JSON.stringify(spec);
  };
  if (strip(pod.spec as JsonValue) !== strip(old.spec as JsonValue)) {
    return [
      fieldError.forbidden(
        'spec',
        'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      ),
    ];
  }
  return [];
}

function containerStatuses(pod: KubeObject): JsonObject[] {
  return listAt(objectAt(pod.status as JsonValue).containerStatuses).map(
    objectAt,
  );
}

/** core v1 pods. */
export const podResource: ResourceDefinition = {
  group: '',
  version: 'v1',
  resource: 'pods',
  kind: 'Pod',
  listKind: 'PodList',
  singularName: 'pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  verbs: [
    'create',
    'delete',
    'deletecollection',
    'get',
    'list',
    'patch',
    'update',
    'watch',
  ],
  schema: podSchema,
  tracksGeneration: false,
  returnDeletedObject: true,
  selectableFields: {
    'spec.nodeName': pod =>
      String(objectAt(pod.spec as JsonValue).nodeName ?? ''),
    'spec.restartPolicy': pod =>
      String(objectAt(pod.spec as JsonValue).restartPolicy ?? ''),
    'spec.schedulerName': pod =>
      String(objectAt(pod.spec as JsonValue).schedulerName ?? ''),
    'spec.serviceAccountName': pod =>
      String(objectAt(pod.spec as JsonValue).serviceAccountName ?? ''),
    'status.phase': pod =>
      String(objectAt(pod.status as JsonValue).phase ?? ''),
    'status.podIP': pod =>
      String(objectAt(pod.status as JsonValue).podIP ?? ''),
  },
  applyDefaults: defaultPod,
  prepareForCreate: pod => {
    admitNewPod(pod);
    pod.status = { phase: 'Pending', qosClass: 'BestEffort' };
  },
  prepareForUpdate: (pod, old) => {
    pod.status = old.status;
  },
  validateName: isDns1123Subdomain,
  validate: validatePodSpec,
  validateUpdate: validatePodUpdate,
  tableColumns: [
    {
      name: 'Ready',
      type: 'string',
      description:
        'The aggregate readiness state of this pod for accepting traffic.',
      cell: pod => {
        const total = listAt(objectAt(pod.spec as JsonValue).containers).length;
        const ready = containerStatuses(pod).filter(
          s => s.ready === true,
        ).length;
        return `${ready}/${total}`;
      },
    },
    {
      name: 'Status',
      type: 'string',
      description: 'The aggregate status of the containers in this pod.',
      cell: pod => {
        const status = objectAt(pod.status as JsonValue);
        if (pod.metadata.deletionTimestamp) return 'Terminating';
        return String(status.reason ?? status.phase ?? 'Unknown');
      },
    },
    {
      name: 'Restarts',
      type: 'string',
      description:
        'The number of times the containers in this pod have been restarted.',
      cell: pod =>
        String(
          containerStatuses(pod).reduce(
            (sum, s) =>
              sum + (typeof s.restartCount === 'number' ? s.restartCount : 0),
            0,
          ),
        ),
    },
  ],
};
