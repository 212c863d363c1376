import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { POLICY_SOURCE_ANNOTATION } from '@netseal/backstage-plugin-netseal-common';

/**
 * The absolute URL of an entity's policy source. The annotation holds a URL that the
 * UrlReaderService can read (`https://github.com/org/policies/tree/main/payments`), or,
 * as `backstage.io/techdocs-ref` does, `dir:<relative path>` resolved against the
 * location the entity was read from.
 */
export function resolvePolicySourceUrl(entity: Entity): string {
  const value = entity.metadata.annotations?.[POLICY_SOURCE_ANNOTATION];
  const entityRef = stringifyEntityRef(entity);
  if (!value) {
    throw new InputError(
      `${entityRef} has no ${POLICY_SOURCE_ANNOTATION} annotation`,
    );
  }
  if (!value.startsWith('dir:')) {
    try {
      return new URL(value).toString();
    } catch {
      throw new InputError(
        `${entityRef}: annotation ${POLICY_SOURCE_ANNOTATION} "${value}" is neither a URL nor dir:<path>`,
      );
    }
  }
  const relative = value.slice('dir:'.length);
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!location) {
    throw new InputError(
      `${entityRef}: ${POLICY_SOURCE_ANNOTATION} "${value}" is relative, but the entity has no ${ANNOTATION_LOCATION} to resolve it against; use a full URL`,
    );
  }
  const { type, target } = parseLocationRef(location);
  if (type === 'file') {
    return pathToFileURL(
      path.resolve(path.dirname(target), relative),
    ).toString();
  }
  if (type === 'url') {
    return new URL(relative, target).toString();
  }
  throw new InputError(
    `${entityRef}: cannot resolve ${POLICY_SOURCE_ANNOTATION} "${value}" against a location of type "${type}"; use a full URL`,
  );
}
