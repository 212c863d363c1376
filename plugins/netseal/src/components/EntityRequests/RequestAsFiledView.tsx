import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  ChangedPolicyStatus,
  ReplacementRequestDetail,
  RequestAsFiled,
} from '@netseal/backstage-plugin-netseal-common';
import { DriftStatusChip } from '../DriftStatusChip';
import { AccessChangesView } from '../RequestChange/AccessChangesView';
import { ChangePreview } from '../RequestChange/ChangePreview';

const useStyles = makeStyles(theme => ({
  section: {
    marginTop: theme.spacing(3),
  },
  seal: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
  },
}));

const VERBS = { replace: 'Edit', add: 'Add', remove: 'Remove' } as const;

/** Said where a request filed before Netseal kept what its pull request holds lacks it. */
const NOT_RECORDED =
  'Not recorded: this request was filed before Netseal kept what its pull request holds; read it there.';

/** The policy's drift status now, from the drift store, beside the change it is about. */
function StatusNow(props: { status?: ChangedPolicyStatus }) {
  const { status } = props;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <Typography variant="caption" color="textSecondary">
        {status?.status ? 'live now:' : 'not tracked yet'}
      </Typography>
      {status?.status && <DriftStatusChip status={status.status} />}
    </Box>
  );
}

function RolloutPlanView(props: { plan: RequestAsFiled['rolloutPlan'] }) {
  const { plan } = props;
  return (
    <>
      <Typography variant="body2">{`Strategy: ${plan.strategy}`}</Typography>
      {plan.clusters.map(cluster => (
        <Box key={cluster.cluster} mt={1}>
          <Typography variant="subtitle2">{`In ${cluster.cluster}`}</Typography>
          <Box
            component="ol"
            m={0}
            pl={3}
            aria-label={`Rollout plan in ${cluster.cluster}`}
          >
            {cluster.steps.map((step, index) => (
              <li key={index}>
                <Typography variant="body2">{step}</Typography>
              </li>
            ))}
          </Box>
        </Box>
      ))}
    </>
  );
}

/**
 * What a request's pull request holds, as kept when it was filed: each change with its
 * seals, what the policy allows, its manifest diff and the policy's drift status now; the
 * access paths it opens and closes per cluster; and the rollout plan. A request filed
 * before Netseal kept it shows its seals and says the rest was not recorded.
 */
export function RequestAsFiledView(props: {
  request: ReplacementRequestDetail;
  entityName: string;
}) {
  const classes = useStyles();
  const { request, entityName } = props;
  const { asFiled } = request;
  return (
    <>
      <Typography variant="h6" component="h3" className={classes.section}>
        Changes
      </Typography>
      {request.changes.map((change, index) => {
        const status = <StatusNow status={request.policyStatuses?.[index]} />;
        const filed = asFiled?.changes[index];
        const key = `${change.cluster}/${change.namespace}/${change.name}`;
        if (filed) {
          return (
            <ChangePreview
              key={key}
              change={{ ...change, ...filed }}
              entityName={entityName}
              status={status}
            />
          );
        }
        const title = `${VERBS[change.op]} ${change.namespace}/${
          change.name
        } in ${change.cluster}`;
        return (
          <Box key={key} component="section" aria-label={title} mt={2}>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <Typography variant="h6">{title}</Typography>
              {status}
            </Box>
            <Typography variant="body2">
              {'File: '}
              <code>{change.file}</code>
            </Typography>
            <Typography variant="body2">
              {'Old seal: '}
              <span className={classes.seal}>{change.oldSeal ?? 'none'}</span>
            </Typography>
            <Typography variant="body2">
              {'New seal: '}
              <span className={classes.seal}>{change.newSeal ?? 'none'}</span>
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {`Manifest diff: ${NOT_RECORDED}`}
            </Typography>
          </Box>
        );
      })}
      <Typography variant="h6" component="h3" className={classes.section}>
        Access changes
      </Typography>
      {asFiled ? (
        <>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            From each cluster's live pods, namespaces and policies when the
            request was filed.
          </Typography>
          <AccessChangesView clusters={asFiled.accessChanges} />
        </>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {NOT_RECORDED}
        </Typography>
      )}
      <Typography variant="h6" component="h3" className={classes.section}>
        Rollout plan
      </Typography>
      {asFiled ? (
        <RolloutPlanView plan={asFiled.rolloutPlan} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          {NOT_RECORDED}
        </Typography>
      )}
    </>
  );
}
