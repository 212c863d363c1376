import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { IdentityApi } from '@backstage/frontend-plugin-api';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DemoSignInPage } from './DemoSignInPage';

const authUrl = 'http://backstage.test/api/auth';
const server = setupServer();

// An unsigned token whose expiry is an hour away, as the auth backend's would be.
function backstageToken(sub: string): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none' })}.${part({ sub, exp })}.signature`;
}

function session(userEntityRef: string, displayName?: string) {
  return {
    profile: displayName ? { displayName } : {},
    backstageIdentity: {
      token: backstageToken(userEntityRef),
      identity: {
        type: 'user',
        userEntityRef,
        ownershipEntityRefs: [userEntityRef],
      },
    },
  };
}

/** Serves the guest and the demo provider (Riley only), counting Riley's sign-ins. */
function serveProviders() {
  const rileySignIns: string[] = [];
  server.use(
    http.get(`${authUrl}/guest/refresh`, () =>
      HttpResponse.json(session('user:default/guest')),
    ),
    http.get(`${authUrl}/demo/refresh`, ({ request }) => {
      const user = request.headers.get('x-netseal-demo-user') ?? '';
      rileySignIns.push(user);
      return user === 'user:default/riley'
        ? HttpResponse.json(session(user, 'Riley Reviewer'))
        : HttpResponse.json(
            { error: { name: 'InputError', message: 'not a demo user' } },
            { status: 400 },
          );
    }),
  );
  return rileySignIns;
}

async function renderPage() {
  const signedIn: IdentityApi[] = [];
  await renderInTestApp(
    <DemoSignInPage onSignInSuccess={identity => signedIn.push(identity)} />,
    { apis: [mockApis.discovery({ baseUrl: 'http://backstage.test' })] },
  );
  return signedIn;
}

describe('the demo sign-in page', () => {
  registerMswTestHooks(server);
  afterEach(() => localStorage.clear());

  it('signs in as Riley through the demo provider when the reviewer is chosen', async () => {
    const rileySignIns = serveProviders();
    const signedIn = await renderPage();

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in as Riley' }),
    );

    await waitFor(() => expect(signedIn).toHaveLength(1));
    expect(rileySignIns).toEqual(['user:default/riley']);
    await expect(signedIn[0].getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/riley',
    });
    await expect(signedIn[0].getProfileInfo()).resolves.toEqual({
      displayName: 'Riley Reviewer',
    });
  });

  it('signs the same person in again after a reload, until they sign out', async () => {
    serveProviders();
    const first = await renderPage();
    await userEvent.click(screen.getByRole('button', { name: 'Enter' }));
    await waitFor(() => expect(first).toHaveLength(1));

    const afterReload = await renderPage();
    await waitFor(() => expect(afterReload).toHaveLength(1));
    await expect(afterReload[0].getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/guest',
    });

    await afterReload[0].signOut();
    const afterSignOut = await renderPage();
    expect(
      await screen.findAllByRole('button', { name: 'Sign in as Riley' }),
    ).not.toHaveLength(0);
    expect(afterSignOut).toHaveLength(0);
  });

  it('shows why a sign-in failed and lets the user choose someone else', async () => {
    server.use(
      http.get(`${authUrl}/demo/refresh`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: "No auth provider registered for 'demo'",
            },
          },
          { status: 404 },
        ),
      ),
    );
    const signedIn = await renderPage();

    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in as Riley' }),
    );

    expect(
      await screen.findByText(/Could not sign in as Reviewer \(Riley\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No auth provider registered for 'demo'/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Choose someone else' }),
    );
    expect(
      screen.getByRole('button', { name: 'Sign in as Riley' }),
    ).toBeInTheDocument();
    expect(signedIn).toHaveLength(0);
  });
});
