import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  ErrorPanel,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { IdentityApi } from '@backstage/frontend-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { DemoIdentity, demoIdentities } from './demoIdentities';

// The chosen identity survives a reload, as the provider Backstage's SignInPage remembers.
const STORAGE_KEY = 'netseal:demo-sign-in:identity';

function storedIdentity(): DemoIdentity | undefined {
  const id = localStorage.getItem(STORAGE_KEY);
  return demoIdentities.find(identity => identity.id === id);
}

/** The auth backend's own error (ResponseError's cause) says what to fix. */
function reasonOf(error: Error | undefined): Error {
  if (!error) {
    return new Error('the sign-in failed without saying why');
  }
  return error.cause instanceof Error ? error.cause : error;
}

/** Signing out forgets the choice, so that the next sign-in may be someone else. */
function forgettingOnSignOut(
  identityApi: IdentityApi,
  forget: () => void,
): IdentityApi {
  return {
    getProfileInfo: () => identityApi.getProfileInfo(),
    getBackstageIdentity: () => identityApi.getBackstageIdentity(),
    getCredentials: () => identityApi.getCredentials(),
    signOut: async () => {
      forget();
      await identityApi.signOut();
    },
  };
}

/**
 * The demo's sign-in page (development only): one card per person of the demo, each
 * signing in through a backend auth provider that needs no credentials.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const [chosen, setChosen] = useState(storedIdentity);
  const forget = () => {
    localStorage.removeItem(STORAGE_KEY);
    setChosen(undefined);
  };

  if (chosen) {
    return (
      <ProxiedSignInPage
        provider={chosen.provider}
        headers={chosen.headers}
        onSignInSuccess={identityApi =>
          props.onSignInSuccess(
            forgettingOnSignOut(identityApi, () =>
              localStorage.removeItem(STORAGE_KEY),
            ),
          )
        }
        ErrorComponent={({ error }) => (
          <Page themeId="home">
            <Header title="Netseal demo" />
            <Content>
              <ErrorPanel
                title={`Could not sign in as ${chosen.title}`}
                error={reasonOf(error)}
              />
              <Button color="primary" variant="outlined" onClick={forget}>
                Choose someone else
              </Button>
            </Content>
          </Page>
        )}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header title="Netseal demo" subtitle="Choose who you are" />
      <Content>
        <Grid container spacing={2}>
          {demoIdentities.map(identity => (
            <Grid item key={identity.id} xs={12} sm={6} md={4}>
              <InfoCard
                title={identity.title}
                variant="fullHeight"
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    onClick={() => {
                      localStorage.setItem(STORAGE_KEY, identity.id);
                      setChosen(identity);
                    }}
                  >
                    {identity.action}
                  </Button>
                }
              >
                <Typography variant="body1">{identity.description}</Typography>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
