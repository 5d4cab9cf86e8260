import { readFileSync } from 'node:fs';

/** One resource of the generated CloudFormation template (only the parts the package tests read). */
export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** The generated `cloudformation-template-update-stack.json`. */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, { Value: unknown }>;
}

/** An IAM policy statement as osls and serverless-iam-roles-per-function emit it. */
export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/**
 * Reads the template osls wrote into its `--package` directory.
 *
 * @example
 * const template = readTemplate(join(packageDir, 'cloudformation-template-update-stack.json'));
 */
export function readTemplate(file: string): CfnTemplate {
  // Written by osls a moment ago; the tests below check the shape they rely on.
  return JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
}

/** Every resource of one CloudFormation type, as `[logicalId, resource]` pairs. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The resource with this logical id; throws (failing the test) when it is missing. */
export function resource(template: CfnTemplate, logicalId: string): CfnResource {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`no resource ${logicalId} in the template`);
  return found;
}

/** The logical id inside `{ "Ref": id }` or `{ "Fn::GetAtt": [id, attribute] }`, if the value is one. */
export function referencedId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('Ref' in value && typeof value.Ref === 'string') return value.Ref;
  if ('Fn::GetAtt' in value && Array.isArray(value['Fn::GetAtt'])) {
    const [id] = value['Fn::GetAtt'];
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/** The Lambda function osls names `<service>-<stage>-<name>`, as `[logicalId, resource]`. */
export function lambdaFunction(template: CfnTemplate, functionName: string): [string, CfnResource] {
  const found = resourcesOfType(template, 'AWS::Lambda::Function').find(
    ([, fn]) => fn.Properties.FunctionName === functionName,
  );
  if (!found) throw new Error(`no Lambda function named ${functionName} in the template`);
  return found;
}

/** The logical id of the IAM role a function runs as (its `Role` is `Fn::GetAtt [role, Arn]`). */
export function roleIdOf(fn: CfnResource): string {
  const roleId = referencedId(fn.Properties.Role);
  if (!roleId) throw new Error(`function role is not a reference to a role in this template`);
  return roleId;
}

/** All statements of all inline policies of an IAM role. */
export function roleStatements(role: CfnResource): PolicyStatement[] {
  const policies = (role.Properties.Policies ?? []) as Array<{
    PolicyDocument: { Statement: PolicyStatement[] };
  }>;
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** A statement's actions (or resources) as a list, whether CloudFormation holds one value or many. */
export function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * Names of the entries in a zip archive, read from its central directory (no unzip tool needed).
 *
 * @example
 * zipEntryNames(readFileSync('ingest.zip')) // ['.pipegate/pipegate.config.yaml.json', 'functions/ingest.mjs', …]
 */
export function zipEntryNames(zip: Buffer): string[] {
  const endOfCentralDirectory = 0x06054b50;
  const centralDirectoryHeader = 0x02014b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== endOfCentralDirectory) end -= 1;
  if (end < 0) throw new Error('not a zip archive: no end-of-central-directory record');

  const names: string[] = [];
  let offset = zip.readUInt32LE(end + 16);
  for (let remaining = zip.readUInt16LE(end + 10); remaining > 0; remaining -= 1) {
    if (zip.readUInt32LE(offset) !== centralDirectoryHeader) throw new Error('corrupt zip central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The single element of a list; throws (failing the test) when there are none or several. */
export function only<T>(items: T[], what: string): T {
  const [item, ...others] = items;
  if (item === undefined || others.length > 0)
    throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return item;
}
