import Typography from '@material-ui/core/Typography';
import type { DriftAttribution } from '@netseal/backstage-plugin-netseal-common';
import { withBreakOpportunities } from '../ReadableTable';
import { RelativeTime } from '../RelativeTime';

const WRITER_WORDS: Record<DriftAttribution['writer'], string> = {
  manual: 'manual edit',
  controller: 'controller write',
  unknown: 'writer unknown',
};

/**
 * Who or what the cluster says changed a policy: the field manager, whether it was a
 * person at a client or a controller, its operation and when; or why that is unknown.
 */
export function DriftAttributionText(props: {
  attribution?: DriftAttribution;
}) {
  const { attribution } = props;
  if (!attribution) {
    return null;
  }
  if (attribution.writer === 'unknown' || !attribution.manager) {
    return (
      <Typography variant="body2" color="textSecondary" component="div">
        Changed by: unknown
        {attribution.reason ? (
          <> ({withBreakOpportunities(attribution.reason)})</>
        ) : null}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" color="textSecondary" component="div">
      Changed by: <strong>{attribution.manager}</strong> (
      {WRITER_WORDS[attribution.writer]}
      {attribution.operation ? `, ${attribution.operation}` : ''}
      {attribution.time ? (
        <>
          , <RelativeTime value={attribution.time} />
        </>
      ) : null}
      {attribution.generation !== undefined
        ? `, generation ${attribution.generation}`
        : ''}
      )
    </Typography>
  );
}
