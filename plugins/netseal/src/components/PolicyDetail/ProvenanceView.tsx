import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { PolicyProvenanceView } from '@netseal/backstage-plugin-netseal-common';
import { PersonName } from '../EntityRequests/PersonName';
import { RelativeTime } from '../RelativeTime';
import { ShortId } from '../ShortId';

const useStyles = makeStyles(theme => ({
  facts: {
    margin: theme.spacing(1, 0, 0, 0),
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, wordBreak: 'break-word' },
  },
}));

/** How many characters of a commit SHA people recognise it by, as Git hosts show it. */
const SHORT_SHA_LENGTH = 7;

/**
 * How the policy's current seal got there: the request (or restore), its pull request,
 * who requested, approved and merged, the merge commit, and the rollout's identity and
 * time; or, for a policy no Netseal rollout created, that there is no record. The live
 * object's `netseal.io/request` annotation is shown as a hint only.
 */
export function ProvenanceView(props: { view: PolicyProvenanceView }) {
  const classes = useStyles();
  const { provenance, missingReason, requestAnnotation } = props.view;
  return (
    <Box component="section" aria-label="Provenance" mt={2}>
      <Typography variant="h6" component="h3">
        Provenance
      </Typography>
      {!provenance && (
        <Typography variant="body2" color="textSecondary">
          {missingReason}
          {requestAnnotation &&
            ` The live object names request ${requestAnnotation} (netseal.io/request), a hint only.`}
        </Typography>
      )}
      {provenance && (
        <Box component="dl" className={classes.facts}>
          <dt>{provenance.kind === 'request' ? 'Request' : 'Restore'}</dt>
          <dd>
            <ShortId
              value={provenance.id}
              shown={provenance.id.slice(0, 8)}
              kind={`${provenance.kind} id`}
            />
            {provenance.changeUrl && (
              <>
                {' · '}
                <a href={provenance.changeUrl} target="_blank" rel="noreferrer">
                  pull request
                </a>
              </>
            )}
          </dd>
          <dt>
            {provenance.kind === 'request' ? 'Requested by' : 'Restored by'}
          </dt>
          <dd>
            <PersonName actor={provenance.requestedBy} />
          </dd>
          {provenance.kind === 'request' && (
            <>
              <dt>Approved by</dt>
              <dd>
                {provenance.approvers.length === 0
                  ? 'no counted approval'
                  : provenance.approvers.map((approver, index) => (
                      <span key={approver}>
                        {index > 0 && ', '}
                        <PersonName actor={approver} />
                      </span>
                    ))}
              </dd>
            </>
          )}
          {provenance.mergedBy && (
            <>
              <dt>Merged by</dt>
              <dd>
                <PersonName actor={provenance.mergedBy} />
              </dd>
            </>
          )}
          {provenance.mergeCommit && (
            <>
              <dt>Merge commit</dt>
              <dd>
                <ShortId
                  value={provenance.mergeCommit}
                  shown={provenance.mergeCommit.slice(0, SHORT_SHA_LENGTH)}
                  kind="merge commit"
                />
              </dd>
            </>
          )}
          <dt>Created by</dt>
          <dd>
            identity {provenance.identity}, started by{' '}
            <PersonName actor={provenance.startedBy} />,{' '}
            <RelativeTime value={provenance.completedAt} />
          </dd>
        </Box>
      )}
    </Box>
  );
}
