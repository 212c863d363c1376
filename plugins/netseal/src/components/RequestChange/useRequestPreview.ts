import { useApi } from '@backstage/core-plugin-api';
import type {
  NewReplacementRequest,
  RequestPreview,
} from '@netseal/backstage-plugin-netseal-common';
import { useEffect, useState } from 'react';
import { netsealApiRef } from '../../api';

/** How long typing must pause before the server checks the draft again. */
export const PREVIEW_DELAY_MS = 400;

/** The preview of a draft: what the server said of the latest draft, or why it could not say. */
export interface RequestPreviewState {
  /** A preview is on its way for the draft as it is now. */
  checking: boolean;
  preview?: RequestPreview;
  error?: Error;
}

/**
 * Asks the server what filing the draft would do, once typing pauses. The server runs the
 * same validation and resealing as filing (netseal-common's `validateRequestChanges`), so
 * the problems shown are the ones a filing would get. An answer to an older draft is
 * dropped.
 */
export function useRequestPreview(
  entityRef: string,
  changes: NewReplacementRequest['changes'] | undefined,
): RequestPreviewState {
  const api = useApi(netsealApiRef);
  const [state, setState] = useState<RequestPreviewState>({ checking: false });
  const draft = changes === undefined ? undefined : JSON.stringify(changes);

  useEffect(() => {
    if (draft === undefined) {
      setState({ checking: false });
      return undefined;
    }
    let current = true;
    setState(previous => ({ ...previous, checking: true }));
    const timer = setTimeout(() => {
      api.previewRequest({ entityRef, changes: JSON.parse(draft) }).then(
        preview => current && setState({ checking: false, preview }),
        error => current && setState({ checking: false, error }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, entityRef, draft]);

  return state;
}
