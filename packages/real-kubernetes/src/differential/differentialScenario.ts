import { ScenarioStep } from './Scenario';
import { accessSteps } from './steps/accessSteps';
import { admissionSteps } from './steps/admissionSteps';
import { discoverySteps } from './steps/discoverySteps';
import { kubectlSteps } from './steps/kubectlSteps';
import { listWatchSteps } from './steps/listWatchSteps';
import { namespaceDeletionSteps } from './steps/namespaceDeletionSteps';
import { patchSteps } from './steps/patchSteps';
import { validationSteps } from './steps/validationSteps';
import { writeSteps } from './steps/writeSteps';

/**
 * The differential scenario, in order: later steps use what earlier ones created (the
 * namespace, `allow-web`, `egress-only`, the pod), and the last ones delete the namespace.
 */
export const differentialScenario: ScenarioStep[] = [
  ...discoverySteps,
  ...writeSteps,
  ...validationSteps,
  ...listWatchSteps,
  ...patchSteps,
  ...admissionSteps,
  ...accessSteps,
  ...kubectlSteps,
  ...namespaceDeletionSteps,
];
