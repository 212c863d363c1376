import { JsonValue, isJsonObject } from '../api/types';
import { ResolvedToken, TokenRegistry } from '../auth/TokenRegistry';
import { ResourceRegistry } from '../resources/ResourceRegistry';

/** POST selfsubjectaccessreviews: answers `kubectl auth can-i` from the token's rights. */
export function selfSubjectAccessReview(
  tokens: TokenRegistry,
  token: ResolvedToken,
  body: JsonValue,
) {
  const spec = isJsonObject(body) && isJsonObject(body.spec) ? body.spec : {};
  const attributes = isJsonObject(spec.resourceAttributes)
    ? spec.resourceAttributes
    : undefined;
  let allowed = false;
  if (attributes) {
    const resource = String(attributes.resource ?? '');
    const group = String(attributes.group ?? '');
    const verb = String(attributes.verb ?? '');
    const namespace = attributes.namespace
      ? String(attributes.namespace)
      : undefined;
    const name = attributes.name ? String(attributes.name) : undefined;
    allowed =
      resource === '*' || verb === '*'
        ? token.access === 'write' &&
          !token.namespaces &&
          Object.keys(token.resources).length === 0
        : tokens.authorize(token, { verb, group, resource, namespace, name });
  } else if (isJsonObject(spec.nonResourceAttributes)) {
    allowed = String(spec.nonResourceAttributes.verb ?? '') === 'get';
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed, ...(allowed ? {} : { reason: '' }) },
  };
}

/** POST selfsubjectrulesreviews: lists the token's rules for `kubectl auth can-i --list`. */
export function selfSubjectRulesReview(
  registry: ResourceRegistry,
  token: ResolvedToken,
  body: JsonValue,
) {
  const spec = isJsonObject(body) && isJsonObject(body.spec) ? body.spec : {};
  const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
  const inScope = !token.namespaces || token.namespaces.includes(namespace);
  const resourceRules = inScope
    ? registry.all().flatMap(definition => {
        const key = definition.group
          ? `${definition.resource}.${definition.group}`
          : definition.resource;
        const access = token.resources[key] ?? token.access;
        if (access === 'none') return [];
        return [
          {
            verbs:
              access === 'write' ? definition.verbs : ['get', 'list', 'watch'],
            apiGroups: [definition.group],
            resources: [definition.resource],
          },
        ];
      })
    : [];
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: {
      resourceRules: [
        {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        },
        ...resourceRules,
      ],
      nonResourceRules: [
        {
          verbs: ['get'],
          nonResourceURLs: [
            '/api',
            '/api/*',
            '/apis',
            '/apis/*',
            '/healthz',
            '/livez',
            '/openapi',
            '/openapi/*',
            '/readyz',
            '/version',
            '/version/',
          ],
        },
      ],
      incomplete: false,
    },
  };
}

/** POST selfsubjectreviews: `kubectl auth whoami`. */
export function selfSubjectReview(token: ResolvedToken) {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: {
      userInfo: {
        username: token.username,
        ...(token.uid ? { uid: token.uid } : {}),
        groups: token.groups,
      },
    },
  };
}
