export {
  explainPolicyStatus,
  PolicyStatusExplanation,
} from './PolicyStatusExplanation';
