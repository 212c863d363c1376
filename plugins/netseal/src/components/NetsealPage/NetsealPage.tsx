import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { netsealApiRef } from '../../api';

/** Netseal's own page; the fleet view grows here. */
export const NetsealPage = () => {
  const netsealApi = useApi(netsealApiRef);
  const { value, loading, error } = useAsync(() => netsealApi.getHealth(), [
    netsealApi,
  ]);

  return (
    <Page themeId="tool">
      <Header
        title="Netseal"
        subtitle="Sealed, immutable NetworkPolicies"
      />
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Typography>
            <StatusOK>Netseal backend: {value.status}</StatusOK>
          </Typography>
        )}
      </Content>
    </Page>
  );
};
