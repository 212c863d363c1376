import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import type {
  EntityName,
  PolicyDetail,
  PolicyProvenanceView,
  PolicyStatus,
  ReplacementRequest,
  Restore,
  StatusTransition,
} from '@netseal/backstage-plugin-netseal-common';
import { ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { netsealApiRef, PolicyName } from '../../api';
import { isSignalForEntity, useLiveData } from '../../hooks';
import { DriftAttributionText } from '../DriftAttribution';
import { DriftStatusChip } from '../DriftStatusChip';
import { PolicyStatusExplanation } from '../PolicyStatusExplanation';
import { policyKey } from './policyKey';
import { LastUpdated } from '../LastUpdated';
import { LiveDataView } from '../LiveDataView';
import { PolicySummary } from '../PolicySummary';
import { PolicyDiff } from './PolicyDiff';
import { PolicyHistory } from './PolicyHistory';
import { ProvenanceView } from './ProvenanceView';
import { AdoptIntoGitButton, isLiveOnly } from './AdoptIntoGitButton';
import { RemoveLiveOnlyButton } from './RemoveLiveOnlyButton';
import { canRestore, RestoreButton } from './RestoreButton';
import { isRestoreLive, RestoreView } from './RestoreView';

/** How often the drawer reads a restore that waits or runs, so its steps are seen live. */
const LIVE_RESTORE_REFRESH_MS = 1_500;

const useStyles = makeStyles(theme => ({
  paper: {
    width: 'min(1200px, 95vw)',
    padding: theme.spacing(3),
  },
  seal: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
  },
}));

type View = 'diff' | 'summary' | 'history';

/** One policy in a drawer: its diff, a plain-language summary and its status history. */
export function PolicyDetailDrawer(props: {
  entity: EntityName;
  entityRef: string;
  policy?: PolicyName;
  onClose: () => void;
  /** Shown beside the policy's name, such as an action on the policy. */
  actions?: ReactNode;
  /** The entity's policies, for a request filed from the drawer. */
  policies?: readonly PolicyStatus[];
  /** Called with a request filed from the drawer (adopting a live-only policy). */
  onRequestFiled?: (request: ReplacementRequest) => void;
}) {
  const { policy, onClose } = props;
  const classes = useStyles();
  return (
    <Drawer
      anchor="right"
      open={Boolean(policy)}
      onClose={onClose}
      classes={{ paper: classes.paper }}
    >
      {policy && (
        <PolicyDetailContent
          entity={props.entity}
          entityRef={props.entityRef}
          policy={policy}
          onClose={onClose}
          actions={props.actions}
          policies={props.policies}
          onRequestFiled={props.onRequestFiled}
        />
      )}
    </Drawer>
  );
}

function PolicyDetailContent(props: {
  entity: EntityName;
  entityRef: string;
  policy: PolicyName;
  onClose: () => void;
  actions?: ReactNode;
  policies?: readonly PolicyStatus[];
  onRequestFiled?: (request: ReplacementRequest) => void;
}) {
  const { entity, entityRef, policy, onClose } = props;
  const classes = useStyles();
  const api = useApi(netsealApiRef);
  const [view, setView] = useState<View>('diff');

  const isAboutThisPolicy = useCallback(
    (signal: Parameters<typeof isSignalForEntity>[0]) =>
      isSignalForEntity(signal, entityRef) &&
      signal.cluster === policy.cluster &&
      signal.namespace === policy.namespace &&
      signal.name === policy.name,
    [entityRef, policy],
  );
  const key = `${entityRef} ${policyKey(policy)}`;
  const detail = useLiveData<PolicyDetail>({
    key,
    load: () => api.getEntityPolicy(entity, policy),
    isRelevant: isAboutThisPolicy,
  });
  const history = useLiveData<StatusTransition[]>({
    key,
    load: async () => {
      const { items } = await api.getEntityHistory(entity, {
        cluster: policy.cluster,
        policyNamespace: policy.namespace,
        policyName: policy.name,
        limit: 100,
      });
      // The API filters already; this keeps the view right against one that does not.
      return items.filter(
        item =>
          item.cluster === policy.cluster &&
          item.namespace === policy.namespace &&
          item.name === policy.name,
      );
    },
    isRelevant: isAboutThisPolicy,
  });

  const provenance = useLiveData<PolicyProvenanceView>({
    key,
    load: () => api.getPolicyProvenance(entity, policy),
    isRelevant: isAboutThisPolicy,
  });

  // The policy's latest restore: the one just started shows at once, then as it runs.
  const [started, setStarted] = useState<Restore>();
  const restores = useLiveData<Restore | undefined>({
    key,
    load: async () =>
      (await api.listPolicyRestores(entity, policy, { limit: 1 })).items[0],
    isRelevant: isAboutThisPolicy,
    intervalMs: isRestoreLive(started) ? LIVE_RESTORE_REFRESH_MS : undefined,
  });
  const latest =
    started && (!restores.value || restores.value.id !== started.id)
      ? started
      : restores.value;
  useEffect(() => {
    if (restores.value && started?.id === restores.value.id) {
      setStarted(restores.value);
    }
  }, [restores.value, started?.id]);
  // When a restore ends, the status and history change with it: read them now rather
  // than at the next signal or interval.
  const wasLive = useRef(false);
  const { refresh: refreshDetail } = detail;
  const { refresh: refreshHistory } = history;
  useEffect(() => {
    const live = isRestoreLive(latest);
    if (wasLive.current && !live) {
      refreshDetail();
      refreshHistory();
    }
    wasLive.current = live;
  }, [latest, refreshDetail, refreshHistory]);

  return (
    <section aria-labelledby="netseal-policy-title">
      <Box display="flex" alignItems="flex-start">
        <Box flexGrow={1}>
          <Typography variant="h5" component="h2" id="netseal-policy-title">
            {policy.name}
          </Typography>
          <Typography color="textSecondary">
            cluster {policy.cluster}, namespace {policy.namespace}
          </Typography>
        </Box>
        {props.actions}
        <IconButton aria-label="Close" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </Box>

      {detail.value && (
        <Box my={2}>
          <DriftStatusChip status={detail.value.status} />
          <PolicyStatusExplanation policy={detail.value} />
          <DriftAttributionText attribution={detail.value.attribution} />
          <Typography variant="body2" className={classes.seal}>
            Seal: {detail.value.seal ?? 'none'}
          </Typography>
          {detail.value.liveDigest && (
            <Typography variant="body2" className={classes.seal}>
              Live digest: {detail.value.liveDigest}
            </Typography>
          )}
          {detail.value.source && (
            <Typography variant="body2">
              Source: {detail.value.source.file}:{detail.value.source.line}
            </Typography>
          )}
          <LastUpdated at={detail.lastUpdated} />
          {canRestore(detail.value) && !isRestoreLive(latest) && (
            <RestoreButton
              entity={entity}
              entityRef={entityRef}
              policy={detail.value}
              onStarted={setStarted}
            />
          )}
          {latest && <RestoreView restore={latest} />}
          {provenance.value && <ProvenanceView view={provenance.value} />}
          {isLiveOnly(detail.value) && (
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
              <AdoptIntoGitButton
                entityRef={entityRef}
                policies={props.policies ?? [detail.value]}
                policy={detail.value}
                onFiled={props.onRequestFiled}
              />
              <RemoveLiveOnlyButton
                entityRef={entityRef}
                policy={detail.value}
                onFiled={props.onRequestFiled}
              />
            </Box>
          )}
        </Box>
      )}

      <Tabs
        value={view}
        onChange={(_event, value: View) => setView(value)}
        aria-label="Policy views"
        indicatorColor="primary"
      >
        <Tab value="diff" label="Diff" id="netseal-tab-diff" />
        <Tab value="summary" label="Summary" id="netseal-tab-summary" />
        <Tab value="history" label="History" id="netseal-tab-history" />
      </Tabs>
      <Box role="tabpanel" aria-labelledby={`netseal-tab-${view}`} pt={2}>
        {view === 'history' ? (
          <LiveDataView data={history} entityRef={entityRef}>
            {transitions => <PolicyHistory transitions={transitions} />}
          </LiveDataView>
        ) : (
          <LiveDataView data={detail} entityRef={entityRef}>
            {value =>
              view === 'diff' ? (
                <PolicyDiff policy={value} />
              ) : (
                <PolicySummary sealedManifest={value.sealedManifest} />
              )
            }
          </LiveDataView>
        )}
      </Box>
    </section>
  );
}
