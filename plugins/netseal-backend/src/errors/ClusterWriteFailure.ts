/** A cluster refused or failed a write Netseal asked of it: answered 502 with its reason. */
export class ClusterWriteFailure extends Error {
  name = 'ClusterWriteFailure' as const;
  readonly statusCode = 502;

  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}
