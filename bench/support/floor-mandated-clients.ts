import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import { WebClient } from '@slack/web-api';

// A floor, not a function (bench/bundles.bench.ts): the packages the brief mandates that ingest must use —
// DynamoDB, CodePipeline, SNS, Slack's WebClient and middy — one call each and nothing of pipegate's. What
// this costs over baseline-put-item no pipegate change can remove.
const dynamodb = new DynamoDBClient({});
const codepipeline = new CodePipelineClient({});
const sns = new SNSClient({});
const slack = new WebClient(process.env.SLACK_BOT_TOKEN);

/** One call on each mandated client. */
export const callMandatedClients = async (event: { id?: string }): Promise<{ stored: string }> => {
  const id = event.id ?? 'floor';
  await dynamodb.send(new PutItemCommand({ TableName: 'floor', Item: { pk: { S: id } } }));
  await codepipeline.send(new GetPipelineCommand({ name: id }));
  await sns.send(new PublishCommand({ TopicArn: id, Message: id }));
  await slack.chat.postMessage({ channel: id, text: id });
  return { stored: id };
};

export const handler = middy(callMandatedClients);
