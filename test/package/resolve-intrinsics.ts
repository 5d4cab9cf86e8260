/**
 * Resolves the CloudFormation intrinsics the pipegate templates use (Ref, Fn::Sub, Fn::GetAtt, Fn::Join,
 * Fn::Split, Fn::If on a known condition) against fixed values, so a policy can be handed to an IAM evaluator
 * the way CloudFormation would have deployed it. Unknown references fail the test instead of passing silently.
 *
 * @example
 * resolveIntrinsics({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }, { 'AWS::Partition': 'aws', 'AWS::AccountId': '1…' });
 */
export function resolveIntrinsics(
  value: unknown,
  refs: Record<string, string | string[]>,
  conditions: Record<string, boolean> = {},
): unknown {
  const known = (name: string): string | string[] => {
    const found = refs[name];
    if (found === undefined) throw new Error(`no value for ${name}`);
    return found;
  };
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, refs, conditions));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only) {
    const [key, argument] = only;
    const resolve = (inner: unknown) => resolveIntrinsics(inner, refs, conditions);
    if (key === 'Ref') return known(String(argument));
    if (key === 'Fn::GetAtt') return known((argument as string[]).join('.'));
    if (key === 'Fn::Sub')
      return String(argument).replace(/\$\{([^}]+)\}/g, (_, name: string) => String(known(name)));
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return (resolve(parts) as unknown[]).flat().join(separator);
    }
    if (key === 'Fn::Split') {
      const [separator, text] = argument as [string, unknown];
      return String(resolve(text)).split(separator);
    }
    if (key === 'Fn::If') {
      const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
      if (!(condition in conditions)) throw new Error(`no value for condition ${condition}`);
      return resolve(conditions[condition] ? whenTrue : whenFalse);
    }
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, resolveIntrinsics(inner, refs, conditions)]));
}
