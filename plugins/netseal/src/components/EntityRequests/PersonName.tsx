import { useEntityPresentation } from '@backstage/plugin-catalog-react';

/** A catalog user's ref, as Netseal stores who acted: `user:<namespace>/<name>`. */
const USER_REF = /^[^:/\s]+:[^:/\s]+\/\S+$/;

/** The backend's own actor: a state it read from the Git host, or a step it took itself. */
const SYSTEM = 'system';

/**
 * Who acted, as people name them: a catalog user by their display name from the catalog
 * ("Riley Reviewer"), a Git host login as it is, and the backend as Netseal.
 */
export function PersonName(props: { actor: string }) {
  const { actor } = props;
  if (actor === SYSTEM) return <>Netseal</>;
  if (!USER_REF.test(actor)) return <>{actor}</>;
  return <CatalogPersonName userEntityRef={actor} />;
}

function CatalogPersonName(props: { userEntityRef: string }) {
  const { primaryTitle } = useEntityPresentation(props.userEntityRef, {
    defaultKind: 'user',
  });
  return <>{primaryTitle}</>;
}

/** Whether two catalog user refs name one person; refs are compared without case. */
export function isSameUser(a: string | undefined, b: string | undefined) {
  return (
    a !== undefined &&
    b !== undefined &&
    a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US')
  );
}
