import { makeStyles } from '@material-ui/core/styles';
import Typography, { TypographyProps } from '@material-ui/core/Typography';
import type { ElementType } from 'react';

const useStyles = makeStyles(theme => ({
  // MUI's secondary text colour is a translucent black: on the page's grey background
  // it falls just short of WCAG AA contrast (4.47:1). Backstage's subtle text colour is
  // opaque and passes on grey and on white alike.
  subtle: {
    color: theme.palette.textSubtle,
  },
}));

/** Secondary text that stays readable on the page's grey background, not only on cards. */
export function SubtleText(
  props: Omit<TypographyProps, 'color'> & { component?: ElementType },
) {
  const classes = useStyles();
  return (
    <Typography
      {...props}
      className={[classes.subtle, props.className].filter(Boolean).join(' ')}
    />
  );
}
