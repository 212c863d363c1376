import { makeStyles } from '@material-ui/core/styles';
import type { FieldDifference } from '@netseal/backstage-plugin-netseal-common';
import { useMemo } from 'react';
import { highlightDifferences } from './highlightDifferences';
import { manifestYaml } from './manifestYaml';

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(13),
    margin: 0,
    // Lines carry their own left padding, where a changed line's bar goes.
    padding: theme.spacing(1, 1, 1, 0),
    overflowX: 'auto',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  line: {
    display: 'block',
    whiteSpace: 'pre',
    minHeight: '1.4em',
    paddingLeft: theme.spacing(1),
  },
  changed: {
    display: 'block',
    whiteSpace: 'pre',
    minHeight: '1.4em',
    paddingLeft: theme.spacing(1),
    // A bar as well as a background, so the highlight does not rest on colour alone;
    // an inset shadow, so the line's text stays where it was.
    boxShadow: `inset 4px 0 0 ${theme.palette.status.warning}`,
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(255, 170, 0, 0.25)'
        : 'rgba(255, 170, 0, 0.2)',
    color: 'inherit',
  },
}));

/** One side of the diff: a manifest as YAML, the lines that differ marked. */
export function ManifestView(props: {
  label: string;
  manifest: unknown;
  differences: readonly FieldDifference[];
  side: 'sealed' | 'live';
}) {
  const { label, manifest, differences, side } = props;
  const classes = useStyles();
  const { lines, highlighted } = useMemo(() => {
    const yaml = manifestYaml(manifest);
    return {
      lines: yaml.lines,
      highlighted: highlightDifferences({ manifest, yaml, differences, side }),
    };
  }, [manifest, differences, side]);

  return (
    <pre className={classes.code} aria-label={label}>
      <code>
        {lines.map((line, index) => {
          const paths = highlighted.get(index + 1);
          return paths ? (
            <mark
              key={index}
              className={classes.changed}
              title={`differs: ${paths.join(', ')}`}
            >
              {line}
            </mark>
          ) : (
            <span key={index} className={classes.line}>
              {line}
            </span>
          );
        })}
      </code>
    </pre>
  );
}
