import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { createRequestAction } from './createRequestAction';
import { explainAccessAction } from './explainAccessAction';
import { getPolicyStatusAction } from './getPolicyStatusAction';
import type { NetsealActionServices } from './NetsealActionServices';
import { previewChangeAction } from './previewChangeAction';

/**
 * Registers Netseal's actions in the Actions Registry, as `netseal:<name>`, for MCP
 * clients and software templates. Each checks the caller's permission on the entity as
 * its HTTP route does. Approving, merging, rolling out, restoring and installing the
 * guard are deliberately not actions: the four-eyes rule needs people, not agents.
 */
export function registerNetsealActions(
  actionsRegistry: ActionsRegistryService,
  services: NetsealActionServices,
): void {
  actionsRegistry.register(getPolicyStatusAction(services));
  actionsRegistry.register(explainAccessAction(services));
  actionsRegistry.register(previewChangeAction(services));
  actionsRegistry.register(createRequestAction(services));
}
