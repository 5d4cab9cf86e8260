import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';

/** The AWS clients a wiring takes (the parameter source reads plain env values locally). */
export interface CrashClients {
  dynamodb: DynamoDBClient;
  sns: SNSClient;
  codepipeline: CodePipelineClient;
  parameters: (name: string) => Promise<string | undefined>;
}

type Sender = { send(command: unknown, ...rest: unknown[]): Promise<unknown> };

/** Counts the AWS calls of one "invocation" and crashes it before call number `step` (0 = never). */
export interface CrashPlan {
  step: number;
  calls: number;
  /** The operation that was about to run when it crashed. */
  crashedBefore?: string;
  clients: CrashClients;
}

/**
 * The AWS clients of a service whose process dies before its `step`-th AWS call: every step boundary of a
 * use case is one AWS call away from the next, so sweeping `step` over 1..n crashes at each boundary in turn
 * (after history, after summary, after a claim, after a send before its mark …). Failure only through the
 * ports' clients; the product code has no test branch.
 */
export const crashAtStep = (step: number): CrashPlan => {
  const plan: CrashPlan = { step, calls: 0, clients: undefined as unknown as CrashClients };
  const wrap = <T extends object>(client: T): T =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        const sender = target as unknown as Sender;
        return (command: unknown, ...rest: unknown[]) => {
          plan.calls += 1;
          if (plan.calls === plan.step) {
            plan.crashedBefore = (command as object).constructor.name;
            return Promise.reject(new Error(`crash before step ${plan.step} (${plan.crashedBefore})`));
          }
          return sender.send(command, ...rest);
        };
      },
    });
  plan.clients = {
    dynamodb: wrap(new DynamoDBClient({})),
    sns: wrap(new SNSClient({})),
    codepipeline: wrap(new CodePipelineClient({})),
    parameters: async () => undefined,
  };
  return plan;
};
