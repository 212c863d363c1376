import type { ChangeRequester } from './NetsealChangeProvider';

/** Strips what git refuses in a name or e-mail of an identity. */
function identPart(value: string): string {
  return value.replace(/[<>\n\r\0]/g, '').trim();
}

/**
 * The Git author of a request's commit: the requester, named by their catalog user, with
 * an address that cannot be delivered (`<login or user name>@netseal.invalid`), since
 * Netseal knows no one's e-mail it may publish.
 *
 * @public
 */
export function changeAuthor(requester: ChangeRequester): {
  name: string;
  email: string;
} {
  const entityName = requester.userEntityRef.split('/').pop() ?? 'requester';
  const mailbox = (requester.login ?? entityName).replace(
    /[^A-Za-z0-9._-]/g,
    '-',
  );
  return {
    name: identPart(requester.userEntityRef) || 'requester',
    email: `${mailbox || 'requester'}@netseal.invalid`,
  };
}
