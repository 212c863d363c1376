import { serializeError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';
import { ChangeProviderFailure } from '../errors/ChangeProviderFailure';
import { ClusterWriteFailure } from '../errors/ClusterWriteFailure';

/**
 * A Git host's or a cluster's failure, from any route that asks one, is theirs and not
 * Netseal's: 502 or 503 with their reason, where Backstage's handler would answer 500.
 * Everything else goes on to Backstage's error handler.
 */
export const upstreamFailures: ErrorRequestHandler = (
  error,
  req,
  res,
  next,
) => {
  if (
    !(error instanceof ChangeProviderFailure) &&
    !(error instanceof ClusterWriteFailure)
  ) {
    next(error);
    return;
  }
  res.status(error.statusCode).json({
    error: serializeError(error),
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: error.statusCode },
  });
};
