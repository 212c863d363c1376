import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { netsealApiRef } from '../../api';
import { SubtleText } from '../SubtleText';

/** One quiet line saying whether Netseal's backend answers, for whoever sets the portal up. */
export function BackendHealth() {
  const api = useApi(netsealApiRef);
  const { value, error } = useAsync(() => api.getHealth(), [api]);
  if (!value && !error) {
    return null;
  }
  return (
    <SubtleText variant="caption" component="p">
      {value
        ? `Netseal backend: ${value.status}`
        : `Netseal backend unreachable: ${error?.message}`}
    </SubtleText>
  );
}
