import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { ServiceClients } from '../runtime/service';
import { ssmParameterSource } from './ssm/ssm-parameters';

/**
 * The AWS SDK clients a function uses, built once at module scope. Each honours its
 * AWS_ENDPOINT_URL_<SERVICE> variable by itself, which is how local stand-ins are reached.
 */
export const createAwsClients = (): ServiceClients => ({
  dynamodb: new DynamoDBClient({}),
  sns: new SNSClient({}),
  codepipeline: new CodePipelineClient({}),
  parameters: ssmParameterSource(new SSMClient({})),
});
