import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { RecordedCall } from '../../local/aws-calls/recorded-call';
import type { FunctionRole } from './function-roles';
import { type IamRequest, iamRequestsFor } from './iam-requests';
import type { TestAccount } from './resolve-intrinsics';

/** A request a function's role would not allow, in words a failing test can print. */
export interface Denial {
  fn: string;
  action: string;
  resource: string;
  result: string;
}

/** One evaluated request: which function asked for what, and IAM's answer. */
export interface Evaluation extends IamRequest {
  fn: string;
  result: string;
}

/**
 * `ingest: dynamodb:PutItem on arn:aws:dynamodb:…:table/PipegateTable would be ImplicitlyDenied`.
 */
export const describeDenial = (denial: Denial): string =>
  `${denial.fn}: ${denial.action} on ${denial.resource} would be ${denial.result}`;

const evaluate = async (role: FunctionRole, request: IamRequest, account: TestAccount): Promise<string> => {
  const response = await runSimulation(
    {
      request: {
        principal: role.principalArn,
        action: request.action,
        resource: { resource: request.resource, accountId: account.accountId },
        contextVariables: request.context,
      },
      identityPolicies: role.policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
    },
    {},
  );
  if (response.resultType === 'error') return `not evaluable (${JSON.stringify(response.errors)})`;
  return response.overallResult;
};

/**
 * Evaluates every recorded call, as the IAM requests it causes once deployed, against the calling
 * function's role with a real IAM policy evaluator (@cloud-copilot/iam-simulate). Each distinct request is
 * evaluated once. A call by a function the template does not have is itself a denial.
 */
export const evaluateCalls = async (
  calls: readonly RecordedCall[],
  roles: ReadonlyMap<string, FunctionRole>,
  account: TestAccount,
): Promise<Evaluation[]> => {
  const evaluations = new Map<string, Evaluation>();
  for (const call of calls) {
    const role = roles.get(call.fn);
    const requests = role
      ? iamRequestsFor(call, role.deployed, account)
      : [{ action: `${call.service}:${call.action}`, resource: '*', context: {} }];
    for (const request of requests) {
      const key = JSON.stringify([call.fn, request.action, request.resource, request.context]);
      if (evaluations.has(key)) continue;
      const result = role ? await evaluate(role, request, account) : 'made by a function with no role';
      evaluations.set(key, { ...request, fn: call.fn, result });
    }
  }
  return [...evaluations.values()];
};

/** The evaluations IAM would not allow. */
export const denialsOf = (evaluations: readonly Evaluation[]): Denial[] =>
  evaluations
    .filter((evaluation) => evaluation.result !== 'Allowed')
    .map(({ fn, action, resource, result }) => ({ fn, action, resource, result }));

/**
 * IAM's answer for an AWS service principal (e.g. `cloudwatch.amazonaws.com`) making `request`: only the
 * resource's own policy can allow it.
 */
export const evaluateServiceRequest = async (
  servicePrincipal: string,
  request: IamRequest,
  account: TestAccount,
): Promise<string> => {
  const response = await runSimulation(
    {
      request: {
        principal: servicePrincipal,
        action: request.action,
        resource: { resource: request.resource, accountId: account.accountId },
        contextVariables: request.context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
    },
    {},
  );
  return response.resultType === 'error'
    ? `not evaluable (${JSON.stringify(response.errors)})`
    : response.overallResult;
};
