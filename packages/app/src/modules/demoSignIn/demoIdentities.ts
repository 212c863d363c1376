/** One person the demo can sign in as, and the auth provider that signs them in. */
export interface DemoIdentity {
  id: string;
  title: string;
  description: string;
  /** The sign-in button's label. */
  action: string;
  /** An auth provider of the backend that needs no credentials (a proxy provider). */
  provider: string;
  headers?: Record<string, string>;
}

/**
 * The guest files replacement requests; Riley reviews them, since a requester's own
 * approval never counts. Riley's provider, `demo`, exists only in development and only
 * where scripts/start.sh or scripts/e2e-backend.sh configured it.
 */
export const demoIdentities: DemoIdentity[] = [
  {
    id: 'guest',
    title: 'Guest',
    description:
      'Sign in as the guest (user:default/guest), who files replacement requests.',
    action: 'Enter',
    provider: 'guest',
  },
  {
    id: 'reviewer',
    title: 'Reviewer (Riley)',
    description:
      'Sign in as Riley (user:default/riley), who approves the guest’s requests. Demo only.',
    action: 'Sign in as Riley',
    provider: 'demo',
    headers: { 'x-netseal-demo-user': 'user:default/riley' },
  },
];
