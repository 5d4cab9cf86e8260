import type { Evaluation } from './check-calls';
import type { FunctionRole } from './function-roles';

/** Per function: the actions its role allows, those its recorded calls used, and the difference. */
export interface GrantUse {
  fn: string;
  granted: string[];
  used: string[];
  unused: string[];
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/**
 * Compares what each role allows with what the recorded calls needed. `allowed` lists, per function, the
 * actions granted on purpose although no test can reach them (each entry says why where it is declared).
 *
 * @example
 * grantUse(roles, evaluations, { ingest: ['sqs:ReceiveMessage'] }).filter((use) => use.unused.length > 0);
 */
export const grantUse = (
  roles: ReadonlyMap<string, FunctionRole>,
  evaluations: readonly Evaluation[],
  allowed: Readonly<Record<string, readonly string[]>>,
): GrantUse[] =>
  [...roles.values()].map((role) => {
    const granted = new Set(
      role.policies.flatMap((policy) =>
        policy.policy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap((statement) =>
          asList(statement.Action),
        ),
      ),
    );
    const used = new Set(
      evaluations
        .filter((evaluation) => evaluation.fn === role.fn && evaluation.result === 'Allowed')
        .map((e) => e.action),
    );
    const excused = new Set(allowed[role.fn] ?? []);
    return {
      fn: role.fn,
      granted: [...granted].sort(),
      used: [...used].sort(),
      unused: [...granted].filter((action) => !used.has(action) && !excused.has(action)).sort(),
    };
  });

/** A Markdown table of functions × actions granted × actions used (for the notes). */
export const grantTable = (
  uses: readonly GrantUse[],
  allowed: Readonly<Record<string, readonly string[]>>,
): string =>
  [
    '| function | granted | used by recorded calls | granted, allow-listed (unreachable in tests) |',
    '|---|---|---|---|',
    ...uses.map(
      (use) =>
        `| ${use.fn} | ${use.granted.join(', ')} | ${use.used.join(', ')} | ${(allowed[use.fn] ?? []).filter((a) => use.granted.includes(a)).join(', ')} |`,
    ),
  ].join('\n');
