import { makeStyles } from '@material-ui/core/styles';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';

const useStyles = makeStyles(theme => ({
  // Filters sit on the page's grey background, where MUI's secondary text colour (a
  // translucent black) falls just short of WCAG AA contrast (4.47:1); Backstage's
  // subtle text colour is opaque and passes.
  label: {
    color: theme.palette.textSubtle,
  },
}));

/** A filter above a table: a text field or select whose label stays readable on the page background. */
export function FilterField(props: TextFieldProps) {
  const classes = useStyles();
  return (
    <TextField
      {...props}
      InputLabelProps={{
        shrink: true,
        ...props.InputLabelProps,
        classes: { root: classes.label },
      }}
    />
  );
}
