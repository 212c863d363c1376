import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(12),
    whiteSpace: 'pre',
    overflowX: 'auto',
    margin: 0,
    padding: theme.spacing(1),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    maxHeight: 360,
    overflowY: 'auto',
  },
  removed: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(248, 81, 73, 0.25)'
        : 'rgba(255, 129, 130, 0.3)',
  },
  added: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(46, 160, 67, 0.25)'
        : 'rgba(171, 242, 188, 0.6)',
  },
}));

/**
 * A unified line diff as the server wrote it: each line led by `-`, `+` or a space. The
 * marks stay in the text, so the diff reads the same without colour.
 */
export function ManifestDiffView(props: { lines: string[]; label: string }) {
  const classes = useStyles();
  const lineClass = (line: string) => {
    if (line.startsWith('-')) return classes.removed;
    if (line.startsWith('+')) return classes.added;
    return undefined;
  };
  return (
    <pre className={classes.diff} aria-label={props.label}>
      {props.lines.map((line, index) => (
        <div key={index} className={lineClass(line)}>
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}
