import { DescriptionNode, resolveLocalRef } from './openApiSchemas';

/**
 * Places where GitHub's description contradicts its own example of the same answer, and
 * the real API with it. Each is corrected before any response is checked, so the
 * stand-in can answer as GitHub does; the package README lists them.
 */
export const DESCRIPTION_CORRECTIONS: {
  pointer: string;
  correct: (schema: DescriptionNode) => DescriptionNode;
  why: string;
}[] = [
  {
    pointer:
      '#/paths/~1app~1installations/get/responses/200/content/application~1json/schema/items/properties/account',
    correct: ({ allOf, ...rest }) => ({ ...rest, anyOf: allOf }),
    why: "apps/list-installations gives an installation's account as allOf Simple User and Enterprise, so an account would need an enterprise's slug and name as well as a user's login; GitHub's example of the answer (base-installation-items) and the API give a user or organization alone: an account is one or the other (anyOf)",
  },
];

/** The description with the corrections made in place. */
export function correctDescription(document: DescriptionNode): void {
  for (const { pointer, correct } of DESCRIPTION_CORRECTIONS) {
    const parentPointer = pointer.slice(0, pointer.lastIndexOf('/'));
    const key = pointer.slice(pointer.lastIndexOf('/') + 1);
    const parent = resolveLocalRef(document, parentPointer);
    parent[key] = correct(resolveLocalRef(document, pointer));
  }
}
