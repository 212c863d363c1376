import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// A minimal backend for working on this plugin alone: `yarn start` in this folder,
// then `curl http://localhost:7007/api/netseal/health`.
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));
backend.start();
