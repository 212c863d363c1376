import {
  netsealPolicyReadPermission,
  netsealRequestCreatePermission,
  netsealRequestReviewPermission,
  netsealRolloutExecutePermission,
} from '@netseal/backstage-plugin-netseal-common';
import type { RequestState, StoredRequest } from '../../database/RequestStore';
import type { RequestView } from '../../requests/RequestService';
import type { Authorization } from '../authorization';
import {
  toRequestJson,
  toRequestPreviewJson,
  toRequestReviewJson,
  toRolloutJson,
} from '../json';
import { DEFAULT_PAGE, IncomingRequest, NetsealRouter } from '../NetsealRouter';
import type { RouterOptions } from '../router';

/** Replacement requests: preview, file, list, read, review, merge, close and roll out. */
export function addRequestRoutes(
  router: NetsealRouter,
  {
    authorization,
    requests,
    rollouts,
  }: {
    authorization: Authorization;
    requests: RouterOptions['requests'];
    rollouts: RouterOptions['rollouts'];
  },
) {
  /**
   * The request, once the caller may read its entity's policies; only then is its
   * state refreshed from the Git host, so a caller who may not read it causes no call.
   */
  async function readableRequest(req: IncomingRequest, id: string) {
    const credentials = await authorization.user(req);
    const stored = await requests.getStored(id);
    await authorization.require(
      credentials,
      netsealPolicyReadPermission,
      'read the requests of',
      stored.entityRef,
    );
    return { credentials, view: await requests.get(id) };
  }

  const requestJson = (request: StoredRequest) =>
    toRequestJson(request, requests.portalUrl(request));

  /**
   * The request with its transitions and rollout, what its pull request holds and its
   * policies' drift status now; its reviews are those its refresh just read.
   */
  async function requestDetail(view: RequestView) {
    const rollout = await rollouts.get(view.request.id);
    return {
      ...requestJson(view.request),
      ...toRequestReviewJson(
        view.request,
        await requests.policyStatuses(view.request),
      ),
      ...(rollout ? { rollout: toRolloutJson(rollout) } : {}),
      transitions: (await requests.listTransitions(view.request.id)).map(
        transition => ({
          ...(transition.from ? { from: transition.from } : {}),
          to: transition.to,
          actor: transition.actor,
          ...(transition.reason ? { reason: transition.reason } : {}),
          at: transition.at.toISOString(),
        }),
      ),
    };
  }

  /** The same check for filing and for previewing. */
  const requestableEntity = (req: IncomingRequest, entityRef: string) =>
    authorization.entityByRef(
      req,
      entityRef,
      netsealRequestCreatePermission,
      'request changes to the network policies of',
    );

  router.post('/requests/preview', async (req, res) => {
    const { entityRef, entity } = await requestableEntity(
      req,
      req.body.entityRef,
    );
    res.json(
      toRequestPreviewJson(
        await requests.preview({
          entity,
          entityRef,
          changes: req.body.changes,
        }),
      ),
    );
  });

  router.post('/requests', async (req, res) => {
    const { credentials, entityRef, entity } = await requestableEntity(
      req,
      req.body.entityRef,
    );
    const { request, created } = await requests.create({
      entity,
      entityRef,
      reason: req.body.reason,
      changes: req.body.changes,
      idempotencyKey: req.header('idempotency-key') || undefined,
      actor: {
        userEntityRef: credentials.principal.userEntityRef,
        login: await authorization.gitHostLoginOf(credentials),
        credentials,
        httpRequest: req,
      },
    });
    res.status(created ? 201 : 200).json(requestJson(request));
  });

  router.get('/requests', async (req, res) => {
    const credentials = await authorization.user(req);
    const entityRefs = await requests.listEntityRefs();
    const { items, totalCount } = await requests.list({
      entityRef: req.query.entityRef,
      entityRefs:
        (await authorization.readableOf(credentials, entityRefs)) ?? entityRefs,
      state: req.query.state as RequestState | undefined,
      limit: req.query.limit ?? DEFAULT_PAGE,
      offset: req.query.offset,
    });
    res.json({ items: items.map(requestJson), totalCount });
  });

  router.get('/requests/:id', async (req, res) => {
    const { view } = await readableRequest(req, req.params.id);
    res.json(await requestDetail(view));
  });

  router.post('/requests/:id/reviews', async (req, res) => {
    const { credentials, view } = await readableRequest(req, req.params.id);
    await authorization.require(
      credentials,
      netsealRequestReviewPermission,
      'review requests for',
      view.request.entityRef,
    );
    const after = await requests.review(req.params.id, {
      decision: req.body.decision,
      comment: req.body.comment,
      actor: {
        userEntityRef: credentials.principal.userEntityRef,
        credentials,
        httpRequest: req,
      },
    });
    res.json(await requestDetail(after));
  });

  // The requester may take back their own request; anyone else needs to be a reviewer.
  router.post('/requests/:id/close', async (req, res) => {
    const { credentials, view } = await readableRequest(req, req.params.id);
    if (
      credentials.principal.userEntityRef.toLocaleLowerCase('en-US') !==
      view.request.requester.toLocaleLowerCase('en-US')
    ) {
      await authorization.require(
        credentials,
        netsealRequestReviewPermission,
        'close requests filed by others for',
        view.request.entityRef,
      );
    }
    const after = await requests.close(req.params.id, {
      reason: req.body?.reason,
      actor: {
        userEntityRef: credentials.principal.userEntityRef,
        credentials,
        httpRequest: req,
      },
    });
    res.json(await requestDetail(after));
  });

  router.post('/requests/:id/merge', async (req, res) => {
    const { credentials, view } = await readableRequest(req, req.params.id);
    await authorization.require(
      credentials,
      netsealRequestReviewPermission,
      'merge requests for',
      view.request.entityRef,
    );
    const after = await requests.merge(req.params.id, {
      userEntityRef: credentials.principal.userEntityRef,
      credentials,
      httpRequest: req,
    });
    res.json(await requestDetail(after));
  });

  router.post('/requests/:id/rollout', async (req, res) => {
    const credentials = await authorization.user(req);
    const stored = await requests.getStored(req.params.id);
    await authorization.require(
      credentials,
      netsealPolicyReadPermission,
      'read the requests of',
      stored.entityRef,
    );
    await authorization.require(
      credentials,
      netsealRolloutExecutePermission,
      'roll out requests for',
      stored.entityRef,
    );
    await rollouts.start(req.params.id, {
      userEntityRef: credentials.principal.userEntityRef,
      httpRequest: req,
    });
    res.status(202).json(
      await requestDetail({
        request: await requests.getStored(req.params.id),
      }),
    );
  });
}
