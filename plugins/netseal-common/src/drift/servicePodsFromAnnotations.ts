import type { LabelSelector } from '../types';
import {
  dns1123LabelProblems,
  labelValueProblems,
} from '../validation/kubernetesNames';
import { DriftInputError } from './DriftInputError';
import { parseKubernetesLabelSelector } from './parseKubernetesLabelSelector';

/** Catalog annotation: pods labelled `backstage.io/kubernetes-id=<value>` are the entity's. @public */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** Catalog annotation: a label selector string for the entity's pods; wins over the id. @public */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/** Catalog annotation: limits the entity's pods to one namespace. @public */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Which pods belong to a service: those its selector selects, in one namespace or in all.
 * @public
 */
export interface ServicePods {
  selector: LabelSelector;
  /** Only pods of this namespace; every namespace when absent. */
  namespace?: string;
}

/**
 * A service's pods as Backstage's Kubernetes plugin finds them from the entity's
 * annotations: `backstage.io/kubernetes-label-selector` when present, otherwise the
 * label `backstage.io/kubernetes-id=<id>`, narrowed to `backstage.io/kubernetes-namespace`
 * when that is set. `undefined` when the entity names none of them. Throws a
 * DriftInputError naming the annotation when one is malformed.
 *
 * @public
 */
export function servicePodsFromAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
): ServicePods | undefined {
  const labelSelector = annotations?.[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  const id = annotations?.[KUBERNETES_ID_ANNOTATION];
  const namespace = annotations?.[KUBERNETES_NAMESPACE_ANNOTATION];
  let selector: LabelSelector;
  if (labelSelector !== undefined) {
    try {
      selector = parseKubernetesLabelSelector(labelSelector);
    } catch (error) {
      throw new DriftInputError(
        `annotation ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}: ${
          (error as Error).message
        }`,
      );
    }
  } else if (id !== undefined) {
    const problems = labelValueProblems(id);
    if (id === '' || problems.length > 0) {
      throw new DriftInputError(
        `annotation ${KUBERNETES_ID_ANNOTATION} ${JSON.stringify(
          id.slice(0, 100),
        )} must be usable as a label value: ${
          problems.join('; ') || 'it is empty'
        }; pods are found by the label ${KUBERNETES_ID_ANNOTATION}=<id>`,
      );
    }
    selector = { matchLabels: { [KUBERNETES_ID_ANNOTATION]: id } };
  } else {
    return undefined;
  }
  if (namespace === undefined) {
    return { selector };
  }
  const namespaceProblems = dns1123LabelProblems(namespace);
  if (namespaceProblems.length > 0) {
    throw new DriftInputError(
      `annotation ${KUBERNETES_NAMESPACE_ANNOTATION} ${JSON.stringify(
        namespace.slice(0, 100),
      )} is not a namespace name: it ${namespaceProblems.join('; ')}`,
    );
  }
  return { selector, namespace };
}
