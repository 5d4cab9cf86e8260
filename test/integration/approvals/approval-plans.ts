export { approvalOnlyPlan, approvalPlan } from '../../../local/simulator/approval-plans';
