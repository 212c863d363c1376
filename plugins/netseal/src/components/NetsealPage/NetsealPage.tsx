import { Content, Header, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { BackendHealth } from './BackendHealth';
import { FleetOverview } from './FleetOverview';

/** The fleet page's body; the new frontend system's page header carries the title. */
export const NetsealPageContent = (props: { refreshIntervalMs?: number }) => (
  <Content>
    <FleetOverview refreshIntervalMs={props.refreshIntervalMs} />
    <Box mt={3}>
      <BackendHealth />
    </Box>
  </Content>
);

/** Netseal's fleet page in the legacy frontend system, with its own header. */
export const NetsealPage = (props: { refreshIntervalMs?: number }) => (
  <Page themeId="tool">
    <Header
      title="Netseal"
      subtitle="Sealed NetworkPolicies and their drift across the fleet"
    />
    <NetsealPageContent refreshIntervalMs={props.refreshIntervalMs} />
  </Page>
);
