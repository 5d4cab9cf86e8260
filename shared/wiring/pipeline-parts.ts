import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createCodePipelinePort } from '../adapters/codepipeline/codepipeline-pipeline';
import { createPipelineClients, pipelineClientsFromEnv } from '../adapters/codepipeline/pipeline-clients';
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
  return {
    env,
    config,
    stores: createTableStores(ports.dynamodb, env, config, now),
    // Each call in the pipeline's own account and region (config `accounts:`); this account's with this client.
    pipeline: createCodePipelinePort(
      createPipelineClients(pipelineClientsFromEnv(config.accounts, environment, ports.codepipeline)),
    ),
  };
};
