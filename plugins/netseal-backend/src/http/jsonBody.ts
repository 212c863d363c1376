import { InputError } from '@backstage/errors';
import {
  MAX_REQUEST_BODY_BYTES,
  MAX_REQUEST_BODY_SIZE_TEXT,
  MAX_REQUEST_CHANGES,
  MAX_REQUEST_MANIFEST_SIZE_TEXT,
} from '@netseal/backstage-plugin-netseal-common';
import express, { ErrorRequestHandler, RequestHandler } from 'express';

/**
 * The JSON body parser of Netseal's router, sized for the largest request the API takes,
 * with an oversized body refused in words a user can act on instead of the parser's
 * "request entity too large".
 */
export function jsonBody(): RequestHandler[] {
  const tooLarge: ErrorRequestHandler = (error, _req, _res, next) => {
    if ((error as { type?: string }).type === 'entity.too.large') {
      next(
        new InputError(
          `the request body is larger than ${MAX_REQUEST_BODY_SIZE_TEXT}; a request holds at most ${MAX_REQUEST_CHANGES} changes, each changes[].manifest at most ${MAX_REQUEST_MANIFEST_SIZE_TEXT}, so split it into smaller requests`,
        ),
      );
      return;
    }
    next(error);
  };
  return [
    express.json({ limit: MAX_REQUEST_BODY_BYTES }),
    // The router mounts these with use(), which takes error handlers too; the option is
    // typed for request handlers only.
    tooLarge as unknown as RequestHandler,
  ];
}
