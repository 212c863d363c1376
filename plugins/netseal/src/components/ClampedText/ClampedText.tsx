import Link from '@material-ui/core/Link';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  MouseEvent,
  ReactNode,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

const useStyles = makeStyles({
  clamped: (props: { lines: number }) => ({
    display: '-webkit-box',
    WebkitLineClamp: props.lines,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  }),
});

/**
 * Secondary text cut to a few lines in a table cell, so one long reason (an error with
 * a URL, a list of missing permissions) does not make its row many times taller than
 * the others. "Show all" opens it where it is cut; the whole text is in the page either
 * way, for screen readers and search.
 */
export function ClampedText(props: { children: ReactNode; lines?: number }) {
  const { children, lines = 3 } = props;
  const classes = useStyles({ lines });
  const ref = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [cut, setCut] = useState(false);

  const measure = useCallback(() => {
    const element = ref.current;
    if (element && !open) {
      setCut(element.scrollHeight > element.clientHeight + 1);
    }
  }, [open]);
  useLayoutEffect(measure, [measure, children]);
  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [measure]);

  return (
    <>
      <Typography
        ref={ref}
        variant="body2"
        color="textSecondary"
        component="div"
        className={open ? undefined : classes.clamped}
      >
        {children}
      </Typography>
      {(cut || open) && (
        <Link
          component="button"
          variant="body2"
          aria-expanded={open}
          onClick={(event: MouseEvent) => {
            // A cell's toggle must not open the row it sits in.
            event.stopPropagation();
            setOpen(!open);
          }}
          style={{ alignSelf: 'flex-start' }}
        >
          {open ? 'Show less' : 'Show all'}
        </Link>
      )}
    </>
  );
}
