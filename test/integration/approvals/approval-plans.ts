export { approvalOnlyPlan, approvalPlan, frozenApprovalPlan } from '../../../local/simulator/approval-plans';
