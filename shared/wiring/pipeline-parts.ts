import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createCodePipelinePort } from '../adapters/codepipeline/codepipeline-pipeline';
import { createExecutionRevisions } from '../adapters/codepipeline/execution-revisions';
import { createPipelineClients, pipelineClientsFromEnv } from '../adapters/codepipeline/pipeline-clients';
import { createDynamoEarlierExecutions } from '../adapters/dynamodb/earlier-executions';
import { configFromEnv } from '../config/load-config';
import { readRuntimeEnv } from '../config/runtime-env';
import { createTableStores } from './table-stores';

/**
 * What every function that acts on pipelines builds once per container: its environment, the routing and
 * policy config, the table's stores, and the CodePipeline port. A bad environment or config file throws here,
 * before any event is processed (the caller's `once` forgets the failure, so the next invocation retries).
 */
export const loadPipelineParts = (
  ports: { dynamodb: DynamoDBClient; codepipeline: CodePipelineClient },
  environment: Record<string, string | undefined>,
  now: () => Date,
) => {
  const env = readRuntimeEnv(environment);
  const config = configFromEnv(environment);
  // Each call in the pipeline's own account and region (config `accounts:`); this account's with this client.
  const clients = createPipelineClients(
    pipelineClientsFromEnv(config.accounts, environment, ports.codepipeline),
  );
  return {
    env,
    config,
    stores: createTableStores(ports.dynamodb, env, config, now),
    pipeline: createCodePipelinePort(clients),
    /** Change summaries: source revisions CodePipeline kept (GetPipelineExecution), earlier runs by pipeline. */
    revisions: createExecutionRevisions(clients),
    earlier: createDynamoEarlierExecutions({ client: ports.dynamodb, tableName: env.tableName }),
  };
};
