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

/** The body of Netseal's page; the fleet view grows here. */
export const NetsealPageContent = () => {
  const netsealApi = useApi(netsealApiRef);
  const { value, loading, error } = useAsync(
    () => netsealApi.getHealth(),
    [netsealApi],
  );

  return (
    <Content>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Typography component="div">
          <StatusOK>Netseal backend: {value.status}</StatusOK>
        </Typography>
      )}
    </Content>
  );
};

/** Netseal's page in the legacy frontend system, with its own header. */
export const NetsealPage = () => (
  <Page themeId="tool">
    <Header title="Netseal" subtitle="Sealed, immutable NetworkPolicies" />
    <NetsealPageContent />
  </Page>
);
