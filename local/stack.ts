import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { createDynamoHistoryStore } from '../shared/adapters/dynamodb/history-store';
import { DEFAULT_RETENTION } from '../shared/config/retention';
import type { HistoryStore } from '../shared/history/history-store';
import { LAMBDA_ROUTES } from './api/lambda-routes';
import { type FallbackHandler, type LocalApi, startLocalApi } from './api/start-local-api';
import { ensureTable } from './dynamodb/create-table';
import { startDynaliteProcess } from './dynamodb/dynalite-process';
import type { RunningDynalite } from './dynamodb/start-dynalite';
import { LOCAL_EMAIL_SUBSCRIBERS, seedSlackWorkspace } from './local-identities';
import { seedGitHubHistory } from './simulator/change-plans';
import { LOCAL_ACCOUNT_ID, LOCAL_MEMBER_ACCOUNT } from './standins/aws-account';
import { AwsIdentities } from './standins/aws-identities';
import { type CodePipelineStandIn, startCodePipelineStandIn } from './standins/codepipeline';
import { type GitHubStandIn, startGitHubStandIn } from './standins/github';
import { type LambdaStandIn, type LocalFunction, startLambdaStandIn } from './standins/lambda';
import { type SlackStandIn, type SlackStandInOptions, startSlackStandIn } from './standins/slack';
import { type SnsStandIn, startSnsStandIn } from './standins/sns';
import { type StsStandIn, startStsStandIn } from './standins/sts';

export interface LocalStackOptions {
  /** Folder for dynalite's data; undefined keeps it in memory. */
  dataDir?: string;
  /** Use this DynamoDB endpoint (e.g. the tests' dynalite) instead of starting one. */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Port of the local API (links in emails point here); 0 = any free port. */
  apiPort?: number;
  fallback?: FallbackHandler;
  /** Options for the Slack stand-in (e.g. Slack's rate limits on a benchmark's virtual clock). */
  slack?: SlackStandInOptions;
}

export interface LocalStack {
  env: Record<string, string>;
  history: HistoryStore;
  dynamodb: DynamoDBClient;
  slack: SlackStandIn;
  /** GitHub's compare API, for the commit lists of change summaries. */
  github: GitHubStandIn;
  sns: SnsStandIn;
  codepipeline: CodePipelineStandIn;
  /** Runs the functions serverless.yml invokes asynchronously (the approval decider). */
  lambda: LambdaStandIn;
  /** AssumeRole into member accounts; `identities` holds their roles and who each access key belongs to. */
  sts: StsStandIn;
  identities: AwsIdentities;
  api: LocalApi;
  stop(): Promise<void>;
}

/** Local defaults: the real SDK clients need a region and credentials even when they talk to stand-ins. */
const LOCAL_AWS_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The approval-decider's name locally; serverless.yml names it `<service>-<stage>-approval-decider`. */
const DECIDER_FUNCTION = 'pipegate-local-approval-decider';
// Imported lazily: the handler reads its environment when first invoked, after the stack set it.
const decider = async (): Promise<LocalFunction> =>
  (await import('../functions/approval-decider')).handler as LocalFunction;

/** Approvers get only their own approval mails (filtered on `recipient`), ops only the rest. */
const subscribeEmails = async (sns: SNSClient, topicArn: string): Promise<void> => {
  for (const email of LOCAL_EMAIL_SUBSCRIBERS.approvers) {
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'email',
        Endpoint: email,
        Attributes: { FilterPolicy: JSON.stringify({ recipient: [email] }) },
      }),
    );
  }
  for (const email of LOCAL_EMAIL_SUBSCRIBERS.ops) {
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'email',
        Endpoint: email,
        Attributes: { FilterPolicy: JSON.stringify({ recipient: [{ exists: false }] }) },
      }),
    );
  }
};

/**
 * Starts everything pipegate talks to on this machine — dynalite with the pipegate table (the definition
 * serverless.yml deploys), stand-ins for Slack, SNS and CodePipeline, and the local API Gateway in front of
 * the real HTTP handlers — and points the functions' environment at them. Secrets are generated per run.
 */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynalite: RunningDynalite = options.dynamoEndpoint
    ? { endpoint: options.dynamoEndpoint, close: async () => {} }
    : await startDynaliteProcess({ path: options.dataDir });
  // The member stack's role in the demo member account, trusted by the central account (member/template.yml).
  const identities = new AwsIdentities(LOCAL_ACCOUNT_ID);
  identities.createRole(`arn:aws:iam::${LOCAL_MEMBER_ACCOUNT.id}:role/pipegate-member`);
  const githubToken = `ghp_local${randomBytes(12).toString('hex')}`;
  const [slack, github, snsStandIn, codepipeline, sts, lambda] = await Promise.all([
    startSlackStandIn(options.slack),
    startGitHubStandIn({ token: githubToken }),
    startSnsStandIn(),
    startCodePipelineStandIn({ identities }),
    startStsStandIn({ identities }),
    startLambdaStandIn({ functions: { [DECIDER_FUNCTION]: decider } }),
  ]);
  seedSlackWorkspace(slack);
  seedGitHubHistory(github);
  const api = await startLocalApi(LAMBDA_ROUTES, { port: options.apiPort ?? 0, fallback: options.fallback });
  const tableName = options.tableName ?? 'pipegate-local';
  Object.assign(process.env, LOCAL_AWS_ENV);
  const snsClient = new SNSClient({ endpoint: snsStandIn.url });
  const topic = await snsClient.send(new CreateTopicCommand({ Name: 'pipegate-local' }));
  const topicArn = topic.TopicArn ?? '';
  await subscribeEmails(snsClient, topicArn);
  snsClient.destroy();

  // A developer's own bot token without SLACK_API_URL means: post to the real workspace.
  const realSlack = !!process.env.SLACK_BOT_TOKEN && !process.env.SLACK_API_URL;
  const slackEnv: Record<string, string> = realSlack
    ? {}
    : {
        SLACK_API_URL: `${slack.url}/api/`,
        SLACK_BOT_TOKEN: 'xoxb-local-pipegate',
        SLACK_SIGNING_SECRET: randomBytes(24).toString('hex'),
      };
  // Likewise a developer's own GitHub token without GITHUB_API_URL lists commits from github.com.
  const realGitHub = !!process.env.GITHUB_TOKEN && !process.env.GITHUB_API_URL;
  const githubEnv: Record<string, string> = realGitHub
    ? {}
    : { GITHUB_API_URL: github.url, GITHUB_TOKEN: githubToken };
  const env: Record<string, string> = {
    ...LOCAL_AWS_ENV,
    ...slackEnv,
    ...githubEnv,
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    AWS_ENDPOINT_URL_SNS: snsStandIn.url,
    AWS_ENDPOINT_URL_CODEPIPELINE: codepipeline.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    PIPEGATE_DECIDER_FUNCTION: DECIDER_FUNCTION,
    AWS_ENDPOINT_URL_STS: sts.url,
    // serverless.yml sets this to the stack's own account: pipelines there need no role.
    PIPEGATE_ACCOUNT_ID: LOCAL_ACCOUNT_ID,
    PIPEGATE_LINK_KEYS: JSON.stringify({ local1: randomBytes(32).toString('base64url') }),
    PIPEGATE_TABLE: tableName,
    PIPEGATE_TOPIC_ARN: topicArn,
    PIPEGATE_PUBLIC_URL: api.url,
  };
  Object.assign(process.env, env);
  const dynamodb = new DynamoDBClient({ endpoint: dynalite.endpoint });
  await ensureTable(dynamodb, tableName);
  const history = createDynamoHistoryStore({ client: dynamodb, tableName, retention: DEFAULT_RETENTION });
  return {
    env,
    history,
    dynamodb,
    slack,
    github,
    sns: snsStandIn,
    codepipeline,
    lambda,
    sts,
    identities,
    api,
    stop: async () => {
      await api.close();
      await lambda.close();
      dynamodb.destroy();
      await Promise.all([
        slack.close(),
        github.close(),
        snsStandIn.close(),
        codepipeline.close(),
        sts.close(),
      ]);
      await dynalite.close();
    },
  };
};
