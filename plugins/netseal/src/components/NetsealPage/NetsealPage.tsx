import { Content, Header, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useState } from 'react';
import { ComplianceView } from '../Compliance';
import { BackendHealth } from './BackendHealth';
import { FleetOverview } from './FleetOverview';

type PageTab = 'fleet' | 'compliance';

/**
 * The fleet page's body, in both frontend systems (the new system's page header carries
 * the title): the fleet, and the compliance report for auditors.
 */
export const NetsealPageContent = (props: { refreshIntervalMs?: number }) => {
  const [tab, setTab] = useState<PageTab>('fleet');
  return (
    <Content>
      <Box mb={2} data-netseal-no-print>
        <Tabs
          value={tab}
          onChange={(_event, value: PageTab) => setTab(value)}
          aria-label="Netseal views"
          indicatorColor="primary"
        >
          <Tab value="fleet" label="Fleet" id="netseal-page-tab-fleet" />
          <Tab
            value="compliance"
            label="Compliance"
            id="netseal-page-tab-compliance"
          />
        </Tabs>
      </Box>
      <Box role="tabpanel" aria-labelledby={`netseal-page-tab-${tab}`}>
        {tab === 'fleet' ? (
          <>
            <FleetOverview refreshIntervalMs={props.refreshIntervalMs} />
            <Box mt={3}>
              <BackendHealth />
            </Box>
          </>
        ) : (
          <ComplianceView />
        )}
      </Box>
    </Content>
  );
};

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
