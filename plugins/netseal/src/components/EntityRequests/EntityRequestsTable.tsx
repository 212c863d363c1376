import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  DriftSignalMessage,
  ReplacementRequestDetail,
} from '@netseal/backstage-plugin-netseal-common';
import { useCallback } from 'react';
import { netsealApiRef } from '../../api';
import { isSignalForEntity, useLiveData } from '../../hooks';
import { LiveDataView } from '../LiveDataView';
import { RelativeTime } from '../RelativeTime';
import { displayRef } from './displayRef';
import { RequestStateChip } from './RequestStateChip';

/** The newest requests shown; each needs its own read for its reviews. */
export const REQUESTS_SHOWN = 20;

const columns: TableColumn<ReplacementRequestDetail>[] = [
  {
    title: 'Request',
    field: 'id',
    render: request => `#${request.id}`,
  },
  {
    title: 'State',
    field: 'state',
    render: request => <RequestStateChip state={request.state} />,
  },
  {
    title: 'Policies',
    sorting: false,
    render: request => (
      <Box component="ul" m={0} pl={2}>
        {request.changes.map(change => (
          <li key={`${change.cluster}/${change.namespace}/${change.name}`}>
            {`${change.op} ${change.cluster}/${change.namespace}/${change.name}`}
          </li>
        ))}
      </Box>
    ),
  },
  {
    title: 'Requester',
    field: 'requester',
    render: request => (
      <span title={request.requester}>{displayRef(request.requester)}</span>
    ),
  },
  {
    title: 'Reviews',
    sorting: false,
    render: request => <Reviews request={request} />,
  },
  {
    title: 'Pull request',
    sorting: false,
    render: request =>
      request.url ? (
        <Link
          to={request.url}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`Pull request of request #${request.id}`}
        >
          {request.url}
        </Link>
      ) : (
        <Typography variant="body2" color="textSecondary">
          not opened yet
        </Typography>
      ),
  },
  {
    title: 'Created',
    field: 'createdAt',
    defaultSort: 'desc',
    render: request => <RelativeTime value={request.createdAt} />,
  },
];

function Reviews(props: { request: ReplacementRequestDetail }) {
  const { reviews = [], approvals, requiredApprovals } = props.request;
  return (
    <>
      {reviews.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          no reviews yet
        </Typography>
      ) : (
        <Box component="ul" m={0} pl={2}>
          {reviews.map(review => (
            <li key={`${review.reviewer}@${review.at}`} title={review.comment}>
              {`${displayRef(review.reviewer)}: ${review.decision}`}
            </li>
          ))}
        </Box>
      )}
      {requiredApprovals !== undefined && (
        <Typography variant="caption" color="textSecondary">
          {`${approvals ?? 0} of ${requiredApprovals} approvals needed`}
        </Typography>
      )}
    </>
  );
}

/**
 * The entity's replacement requests, newest first: state, policies, requester, reviews and
 * pull request. Refreshed like the policies, since a rollout changes both.
 */
export function EntityRequestsTable(props: {
  entityRef: string;
  refreshIntervalMs?: number;
}) {
  const { entityRef } = props;
  const api = useApi(netsealApiRef);
  const isRelevant = useCallback(
    (signal: DriftSignalMessage) => isSignalForEntity(signal, entityRef),
    [entityRef],
  );
  const requests = useLiveData({
    key: entityRef,
    load: async () => {
      const page = await api.listRequests({ entityRef, limit: REQUESTS_SHOWN });
      // The list leaves out reviews; only a request's own read carries them.
      return Promise.all(page.items.map(item => api.getRequest(item.id)));
    },
    isRelevant,
    intervalMs: props.refreshIntervalMs,
  });

  return (
    <LiveDataView data={requests} entityRef={entityRef}>
      {items =>
        items.length === 0 ? (
          <Box p={2}>
            <Typography variant="h6">Replacement requests</Typography>
            <Typography variant="body2" color="textSecondary">
              No replacement requests for this service yet
            </Typography>
          </Box>
        ) : (
          <Table<ReplacementRequestDetail>
            title="Replacement requests"
            columns={columns}
            data={items}
            options={{
              paging: false,
              padding: 'dense',
              draggable: false,
              search: false,
            }}
          />
        )
      }
    </LiveDataView>
  );
}
