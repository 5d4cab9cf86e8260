import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';

// One factory per client, so a function's bundle holds only the clients its composition root asks for.
// Each client honours its AWS_ENDPOINT_URL_<SERVICE> variable by itself, which is how local stand-ins are
// reached; the SSM client lives with its parameter source (./ssm/ssm-parameters).

/** The DynamoDB client a function builds once at module scope. */
export const createDynamoDbClient = (): DynamoDBClient => new DynamoDBClient({});

/** The SNS client (approval emails and notification topics). */
export const createSnsClient = (): SNSClient => new SNSClient({});

/** The CodePipeline client (approval settings, results and states). */
export const createCodePipelineClient = (): CodePipelineClient => new CodePipelineClient({});
