import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import type { PreviewChange } from '@netseal/backstage-plugin-netseal-common';
import type { ReactNode } from 'react';
import { ManifestDiffView } from './ManifestDiffView';

const useStyles = makeStyles(theme => ({
  seal: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
  },
  heading: {
    marginTop: theme.spacing(2),
  },
  titleRow: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(2),
  },
}));

const VERBS = { replace: 'Edit', add: 'Add', remove: 'Remove' } as const;

/**
 * One change as its pull request shows it: whose policy it is, its seals, what it allows,
 * and its diff; in a preview, or in a filed request's drawer with `status`, the policy's
 * drift status now, beside its title.
 */
export function ChangePreview(props: {
  change: PreviewChange;
  entityName: string;
  status?: ReactNode;
}) {
  const { change, entityName } = props;
  const classes = useStyles();
  const title = `${VERBS[change.op]} ${change.namespace}/${change.name} in ${
    change.cluster
  }`;
  return (
    <Box component="section" aria-label={title}>
      {props.status ? (
        <div className={classes.titleRow}>
          <Typography variant="h6">{title}</Typography>
          {props.status}
        </div>
      ) : (
        <Typography variant="h6" className={classes.heading}>
          {title}
        </Typography>
      )}
      {!change.selectsService && (
        <Alert severity="warning">
          {`${change.namespace}/${change.name} does not select the pods of ${entityName}: it is not ${entityName}'s own policy, and its owners should review this change.`}
        </Alert>
      )}
      {change.liveObject ? (
        <>
          <Typography variant="body2">
            File: none; Git never held this live policy, so the commit changes
            no file and records the removal in its message
          </Typography>
          <Typography variant="body2">
            {'Live object: uid '}
            <span className={classes.seal}>
              {change.liveObject.uid ?? 'unknown'}
            </span>
            {', digest '}
            <span className={classes.seal}>{change.liveObject.digest}</span>;
            deleted only if it is still this object
          </Typography>
        </>
      ) : (
        <Typography variant="body2">
          {'File: '}
          <code>{change.file}</code>
        </Typography>
      )}
      <Typography variant="body2">
        {'Old seal: '}
        <span className={classes.seal}>{change.oldSeal ?? 'none'}</span>
      </Typography>
      <Typography variant="body2">
        {'New seal: '}
        <span className={classes.seal}>{change.newSeal ?? 'none'}</span>
      </Typography>
      {change.summary.length > 0 && (
        <>
          <Typography variant="subtitle2" className={classes.heading}>
            {change.op === 'remove'
              ? 'What the removed policy allowed'
              : 'What the policy allows after the change'}
          </Typography>
          <Box component="ul" m={0} pl={2}>
            {change.summary.map((sentence, index) => (
              <li key={index}>
                <Typography variant="body2">{sentence}</Typography>
              </li>
            ))}
          </Box>
        </>
      )}
      <Typography variant="subtitle2" className={classes.heading}>
        Manifest diff
      </Typography>
      <ManifestDiffView lines={change.diff} label={`Diff of ${title}`} />
    </Box>
  );
}
