import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  root: {
    // Backstage's theme lets table cells break anywhere (word-break: break-word), so an
    // automatic table layout squeezes a column down to one letter and breaks
    // "payments" as "paymen ts". Words stay whole here: a column is at least as wide as
    // its longest word, and only a word wider than the whole column is broken.
    '& th, & td': {
      wordBreak: 'normal',
      overflowWrap: 'break-word',
      paddingLeft: theme.spacing(1.5),
      paddingRight: theme.spacing(1.5),
    },
    width: '100%',
  },
}));

/** Any of Netseal's tables: words wrap at their boundaries, never inside a word. */
export function ReadableTable(props: { children: ReactNode }) {
  const classes = useStyles();
  return <div className={classes.root}>{props.children}</div>;
}
