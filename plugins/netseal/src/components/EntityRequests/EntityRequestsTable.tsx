import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  DriftSignalMessage,
  ReplacementRequest,
} from '@netseal/backstage-plugin-netseal-common';
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { netsealApiRef } from '../../api';
import { isSignalForEntity, useLiveData } from '../../hooks';
import { LiveDataView } from '../LiveDataView';
import { RelativeTime } from '../RelativeTime';
import { PersonName } from './PersonName';
import { RequestDetailDrawer } from './RequestDetailDrawer';
import { RequestReviews } from './RequestReviews';
import { RequestStateChip } from './RequestStateChip';

/** The newest requests shown. */
export const REQUESTS_SHOWN = 20;

/** The page's query parameter naming the request whose drawer is open: its own URL. */
export const REQUEST_PARAMETER = 'request';

const columns: TableColumn<ReplacementRequest>[] = [
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
      <span title={request.requester}>
        <PersonName actor={request.requester} />
      </span>
    ),
  },
  {
    title: 'Reviews',
    sorting: false,
    render: request => <RequestReviews request={request} />,
  },
  {
    title: 'Pull request',
    sorting: false,
    render: request => {
      // A local change has no page of its own on a Git host: it is reviewed here.
      if (request.providerId === 'local' && request.branch) {
        return (
          <Typography variant="body2" color="textSecondary">
            reviewed here
          </Typography>
        );
      }
      return request.url ? (
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
      );
    },
  },
  {
    title: 'Created',
    field: 'createdAt',
    defaultSort: 'desc',
    render: request => <RelativeTime value={request.createdAt} />,
  },
];

/**
 * The entity's replacement requests, newest first: state, policies, requester, reviews and
 * pull request. Refreshed like the policies, since a rollout changes both. The open
 * request's drawer is in the page's URL (`?request=<id>`), so every request has a link
 * of its own, which Netseal's notifications and local requests use.
 */
export function EntityRequestsTable(props: {
  entityRef: string;
  refreshIntervalMs?: number;
  /** Changes when a request was filed here, so the list shows it at once. */
  filed?: string;
}) {
  const { entityRef, filed } = props;
  const [searchParams, setSearchParams] = useSearchParams();
  const selected = searchParams.get(REQUEST_PARAMETER) ?? undefined;
  const select = (id?: string) =>
    setSearchParams(current => {
      const next = new URLSearchParams(current);
      if (id) next.set(REQUEST_PARAMETER, id);
      else next.delete(REQUEST_PARAMETER);
      return next;
    });
  const api = useApi(netsealApiRef);
  const isRelevant = useCallback(
    (signal: DriftSignalMessage) => isSignalForEntity(signal, entityRef),
    [entityRef],
  );
  const requests = useLiveData({
    key: entityRef,
    // The list carries each request's reviews as last read from its Git host, so the
    // table costs the host nothing; a request's own drawer reads them again.
    load: async () =>
      (await api.listRequests({ entityRef, limit: REQUESTS_SHOWN })).items,
    isRelevant,
    intervalMs: props.refreshIntervalMs,
  });
  const { refresh } = requests;
  useEffect(() => {
    if (filed) refresh();
  }, [filed, refresh]);

  return (
    <>
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
            <Table<ReplacementRequest>
              title="Replacement requests"
              columns={columns}
              data={items}
              onRowClick={(_event, request) => select(request?.id)}
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
      {/* Also for a request older than the newest shown, opened by its link. */}
      <RequestDetailDrawer
        entityRef={entityRef}
        requestId={selected}
        onClose={() => select(undefined)}
        onChanged={refresh}
      />
    </>
  );
}
