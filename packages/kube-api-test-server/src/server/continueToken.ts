import { apiErrors } from '../api/status';

/** The decoded `continue` parameter: the snapshot revision and the key to resume after. */
export interface ContinuePosition {
  revision: number;
  startKey: string;
}

/** Encodes a continue token in the API server's own format. */
export function encodeContinueToken(revision: number, lastKey: string): string {
  return Buffer.from(
    JSON.stringify({
      v: 'meta.k8s.io/v1',
      rv: revision,
      start: `${lastKey}\u0000`,
    }),
  ).toString('base64url');
}

/** Decodes a continue token; a malformed one is a 400. */
export function decodeContinueToken(token: string): ContinuePosition {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      parsed.v !== 'meta.k8s.io/v1' ||
      typeof parsed.rv !== 'number' ||
      typeof parsed.start !== 'string'
    ) {
      throw new Error('unexpected fields');
    }
    return { revision: parsed.rv, startKey: parsed.start };
  } catch (error) {
    throw apiErrors.badRequest(
      `continue key is not valid: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}
