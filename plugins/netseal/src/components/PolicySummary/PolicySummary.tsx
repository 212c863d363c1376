import Typography from '@material-ui/core/Typography';
import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { PolicyDescriber, policyDescriber } from './policyDescriber';

/**
 * What a sealed policy allows, in plain language: "ingress to pods app=payments on TCP
 * 8080 from pods app=gateway in namespaces team=edge". Drawn from the sealed manifest,
 * which is what was reviewed.
 */
export function PolicySummary(props: {
  sealedManifest?: unknown;
  /** Replaces netseal-common's describer, e.g. for adopters with their own words. */
  describe?: PolicyDescriber;
}) {
  const { sealedManifest } = props;
  const describe = props.describe ?? policyDescriber;
  if (sealedManifest === undefined || sealedManifest === null) {
    return (
      <Typography color="textSecondary">
        No sealed manifest to summarise: the policy exists only in the cluster.
      </Typography>
    );
  }
  if (!describe) {
    return (
      <Typography color="textSecondary">
        A plain-language summary is not available in this version of Netseal;
        the Diff view shows the sealed manifest.
      </Typography>
    );
  }
  const sentences = describe(sealedManifest as NetworkPolicy);
  if (sentences.length === 0) {
    return (
      <Typography color="textSecondary">No summary for this policy.</Typography>
    );
  }
  return (
    <ul aria-label="What this policy allows">
      {sentences.map((sentence, index) => (
        <li key={index}>
          <Typography variant="body2">{sentence}</Typography>
        </li>
      ))}
    </ul>
  );
}
