import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { netsealApiRef } from '../../api';

/** One quiet line saying whether Netseal's backend answers, for whoever sets the portal up. */
export function BackendHealth() {
  const api = useApi(netsealApiRef);
  const { value, error } = useAsync(() => api.getHealth(), [api]);
  if (!value && !error) {
    return null;
  }
  return (
    <Typography variant="caption" color="textSecondary" component="p">
      {value
        ? `Netseal backend: ${value.status}`
        : `Netseal backend unreachable: ${error?.message}`}
    </Typography>
  );
}
