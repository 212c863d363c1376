import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';
import { ChangeProviderFailure } from '../errors/ChangeProviderFailure';
import { ClusterWriteFailure } from '../errors/ClusterWriteFailure';
import { hideFilesystemPaths } from './hideFilesystemPaths';

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

// The names Backstage's error handler answers with their own status.
const STATUS_BY_NAME: Record<string, number> = {
  NotModifiedError: 304,
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

/** The status an error answers with, as Backstage's handler decides it; undefined when unknown. */
function statusOf(error: unknown): number | undefined {
  const { statusCode, status, name } = (error ?? {}) as {
    statusCode?: unknown;
    status?: unknown;
    name?: unknown;
  };
  for (const code of [statusCode, status]) {
    if (
      typeof code === 'number' &&
      Number.isInteger(code) &&
      code >= 100 &&
      code <= 599
    ) {
      return code;
    }
  }
  return typeof name === 'string' ? STATUS_BY_NAME[name] : undefined;
}

/**
 * In production (`NODE_ENV=production`), every error of Netseal's routes answers in
 * Backstage's shape with its name and message only: no stack, no `cause` (a Git host's
 * or a library's own error, with its internal details), and no filesystem path of this
 * machine (a local repository's path in a 409, a file in a library's message). An error
 * that is no known answer, a bug, answers 500 with a log id; the whole error is logged.
 * Elsewhere it does nothing, and the handlers after it answer as they always did.
 */
export function productionErrorBodies(
  logger: LoggerService,
  production = process.env.NODE_ENV === 'production',
): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (!production || res.headersSent) {
      next(error);
      return;
    }
    const known = statusOf(error);
    const statusCode = known ?? 500;
    let body: { name: string; message: string };
    if (known === undefined) {
      const logId = randomBytes(10).toString('hex');
      logger.error(
        `Request ${req.method} ${req.originalUrl} failed, logId=${logId}`,
        error instanceof Error ? error : new Error(String(error)),
      );
      body = {
        name: 'Error',
        message: `An internal error occurred logId=${logId}; the backend's log has it`,
      };
    } else {
      if (statusCode >= 500) {
        logger.warn(
          `Request ${req.method} ${req.originalUrl} failed with ${statusCode}`,
          error,
        );
      }
      const { name, message } = error as { name?: unknown; message?: unknown };
      body = {
        name: typeof name === 'string' ? name : 'Error',
        message: hideFilesystemPaths(
          typeof message === 'string' ? message : String(message),
        ),
      };
    }
    res.status(statusCode).json({
      error: body,
      request: {
        method: req.method,
        url: hideFilesystemPaths(req.originalUrl),
      },
      response: { statusCode },
    });
  };
}
