import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import {
  canonicalize,
  NetworkPolicy,
  PolicyDetail,
} from '@netseal/backstage-plugin-netseal-common';
import { useMemo, useState } from 'react';
import { formatDifference } from './formatDifference';
import { ManifestView } from './ManifestView';

/**
 * The sealed and the live manifest side by side, the lines the API reports as different
 * highlighted, and the differences listed. By default both sides show their canonical
 * form, which is what the seal covers and what the differences' paths refer to; the
 * live object's runtime fields would otherwise bury the difference.
 */
export function PolicyDiff(props: { policy: PolicyDetail }) {
  const { policy } = props;
  const [asWritten, setAsWritten] = useState(false);
  const sealed = useMemo(
    () => shown(policy.sealedManifest, asWritten),
    [policy.sealedManifest, asWritten],
  );
  const live = useMemo(
    () => shown(policy.liveManifest, asWritten),
    [policy.liveManifest, asWritten],
  );

  return (
    <>
      <FormControlLabel
        control={
          <Switch
            checked={asWritten}
            onChange={event => setAsWritten(event.target.checked)}
          />
        }
        label="Show the manifests as written (not in canonical form)"
      />
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <Typography variant="h6" component="h3">
            Sealed, in the policy source
          </Typography>
          {sealed === undefined ? (
            <Typography color="textSecondary">
              Not in the policy source: the policy exists only in the cluster.
            </Typography>
          ) : (
            <ManifestView
              label="Sealed manifest"
              manifest={sealed}
              differences={policy.differences}
              side="sealed"
            />
          )}
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="h6" component="h3">
            Live, in cluster {policy.cluster}
          </Typography>
          {live === undefined ? (
            <Typography color="textSecondary">
              {policy.status === 'unknown'
                ? `Not known: ${
                    policy.reason ??
                    `cluster ${policy.cluster} could not be read`
                  }.`
                : `Absent from cluster ${policy.cluster}.`}
            </Typography>
          ) : (
            <ManifestView
              label="Live manifest"
              manifest={live}
              differences={policy.differences}
              side="live"
            />
          )}
        </Grid>
      </Grid>
      <Typography variant="h6" component="h3" style={{ marginTop: 16 }}>
        Differences
      </Typography>
      {policy.differences.length === 0 ? (
        <Typography color="textSecondary">
          {live !== undefined && sealed !== undefined
            ? 'None: the live object enforces exactly what was sealed.'
            : 'None to compare: only one side exists.'}
        </Typography>
      ) : (
        <ul aria-label="Differences">
          {policy.differences.map(difference => (
            <li key={difference.path}>
              <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
                {formatDifference(difference)}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function shown(manifest: unknown, asWritten: boolean): unknown {
  if (manifest === undefined || manifest === null) {
    return undefined;
  }
  // canonicalize reads only the fields it knows and tolerates anything else.
  return asWritten ? manifest : canonicalize(manifest as NetworkPolicy);
}
