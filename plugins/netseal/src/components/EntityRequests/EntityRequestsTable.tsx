import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
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
import {
  fitContent,
  ReadableTable,
  tableCells,
  withBreakOpportunities,
} from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';
import { PersonName } from './PersonName';
import { RequestDetailDrawer } from './RequestDetailDrawer';
import { RequestId } from './RequestId';
import { RequestReviews } from './RequestReviews';
import { RequestStateChip } from './RequestStateChip';

/** The newest requests shown. */
export const REQUESTS_SHOWN = 20;

/** The page's query parameter naming the request whose drawer is open: its own URL. */
export const REQUEST_PARAMETER = 'request';

// Plain data, drawn by `components`: see tableCells for why columns hold no functions.
const columns: TableColumn<ReplacementRequest>[] = [
  { title: 'Request', field: 'id', ...fitContent() },
  { title: 'State', field: 'state', ...fitContent() },
  { title: 'Policies', field: 'changes', sorting: false, width: '40%' },
  { title: 'Requester', field: 'requester', ...fitContent() },
  { title: 'Reviews', field: 'reviews', sorting: false, width: '25%' },
  { title: 'Pull request', field: 'url', sorting: false, width: '31%' },
  {
    title: 'Created',
    field: 'createdAt',
    defaultSort: 'desc',
    ...fitContent(),
  },
];

const components = {
  Cell: tableCells<ReplacementRequest>({
    id: request => <RequestId id={request.id} />,
    state: request => <RequestStateChip state={request.state} />,
    changes: request => (
      <Box component="ul" m={0} pl={2}>
        {request.changes.map(change => (
          <li key={`${change.cluster}/${change.namespace}/${change.name}`}>
            {withBreakOpportunities(
              `${change.op} ${change.cluster}/${change.namespace}/${change.name}`,
            )}
          </li>
        ))}
      </Box>
    ),
    requester: request => (
      <span title={request.requester}>
        <PersonName actor={request.requester} />
      </span>
    ),
    reviews: request => <RequestReviews request={request} />,
    url: request => {
      // A local change has no page of its own on a Git host: it is reviewed here.
      if (request.providerId === 'local' && request.branch) {
        return (
          <Typography variant="body2" color="textSecondary">
            reviewed here
          </Typography>
        );
      }
      return request.url ? (
        <Link to={request.url} target="_blank" rel="noopener noreferrer">
          {withBreakOpportunities(request.url)}
        </Link>
      ) : (
        <Typography variant="body2" color="textSecondary">
          not opened yet
        </Typography>
      );
    },
    createdAt: request => <RelativeTime value={request.createdAt} />,
  }),
};

const options = {
  paging: false,
  padding: 'dense',
  draggable: false,
  search: false,
} as const;

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
            <InfoCard title="Replacement requests">
              <Typography variant="body2" color="textSecondary">
                No replacement requests for this service yet
              </Typography>
            </InfoCard>
          ) : (
            <ReadableTable>
              <Table<ReplacementRequest>
                title="Replacement requests"
                columns={columns}
                components={components}
                data={items}
                onRowClick={(_event, request) => select(request?.id)}
                options={options}
              />
            </ReadableTable>
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
