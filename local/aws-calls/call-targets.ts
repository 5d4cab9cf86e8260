import type { CallTarget } from './recorded-call';

type Input = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** DynamoDB: the table (and index) of single-item and query calls, every table of batch calls. */
const dynamodbTargets = (input: Input): CallTarget[] => {
  const table = text(input.TableName);
  if (table) return [{ kind: 'table', name: table, index: text(input.IndexName) }];
  const batch = input.RequestItems;
  return batch && typeof batch === 'object'
    ? Object.keys(batch).map((name) => ({ kind: 'table', name }))
    : [];
};

/**
 * What an SDK call acts on, read from its input the way IAM reads the request. A service this does not know
 * yields no targets, and the IAM check then refuses the call as unexplained rather than guessing.
 */
export const callTargets = (
  service: string,
  input: Input,
  env: Record<string, string | undefined>,
): CallTarget[] => {
  switch (service) {
    case 'dynamodb':
      return dynamodbTargets(input);
    case 'sns': {
      const arn = text(input.TopicArn);
      return arn ? [{ kind: 'topic', arn, service: arn === env.PIPEGATE_TOPIC_ARN }] : [];
    }
    case 'codepipeline': {
      const name = text(input.name) ?? text(input.pipelineName);
      if (!name) return [];
      const [stage, action] = [text(input.stageName), text(input.actionName)];
      return [stage && action ? { kind: 'pipeline', name, stage, action } : { kind: 'pipeline', name }];
    }
    case 'ssm': {
      const names = text(input.Name) ? [text(input.Name) as string] : texts(input.Names);
      return names.map((name) => ({ kind: 'parameter', name, decrypt: input.WithDecryption === true }));
    }
    case 'lambda': {
      const name = text(input.FunctionName);
      return name ? [{ kind: 'function', name }] : [];
    }
    default:
      return [];
  }
};
