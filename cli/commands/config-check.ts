import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../../shared/config/config-file';
import type { PipegateConfig } from '../../shared/config/pipegate-config';
import { PipegateError } from '../../shared/errors';
import { type CliIO, writeLine } from '../cli-context';

/** The stack provides these at runtime; a placeholder of the right shape lets a file be checked anywhere. */
const STACK_PROVIDED = { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:placeholder' };

const HELP = `
The deployed functions get \${env:PIPEGATE_TOPIC_ARN} (pipegate's own SNS topic) from the stack. When
PIPEGATE_TOPIC_ARN is not set here, the check uses ${STACK_PROVIDED.PIPEGATE_TOPIC_ARN}
in its place; set it to check with the real ARN. Any other \${env:NAME} without a fallback must be set.

Exit codes: 0 valid; 2 invalid, with every problem on its own line (field, why, line).

Example:
  pipegate config check pipegate.config.yaml`;

/** `pipegate config check [file]`: validates a routing and approval-policy file before it is deployed. */
export const registerConfigCommand = (program: Command, io: CliIO): void => {
  program
    .command('config')
    .description('work with the routing and approval-policy file')
    .command('check')
    .argument('[file]', 'the file to check', DEFAULT_CONFIG_FILE)
    .description(
      'validate a routing and approval-policy file the way the functions load it ' +
        '(PIPEGATE_TOPIC_ARN gets a placeholder ARN unless set)',
    )
    .addHelpText('after', HELP)
    .action(async (file: string) => {
      const [{ loadConfig }, { explainApprovers }, { explainFreezes }] = await Promise.all([
        import('../../shared/config/load-config'),
        import('../../shared/config/explain-approvers'),
        import('../../shared/freezes/explain-freezes'),
      ]);
      let config: PipegateConfig;
      try {
        config = loadConfig(file, { ...STACK_PROVIDED, ...io.env });
      } catch (error) {
        // A config mistake is bad input (exit 2): the loader's issues name each field, why and the line.
        if (error instanceof PipegateError && error.code === 'INVALID_CONFIG') {
          throw new PipegateError('INVALID_REQUEST', `${file} is not valid:\n${error.message}`);
        }
        throw error;
      }
      writeLine(io.out, `✔ ${file} is valid`);
      // Who can decide is the part of the file a mistake in costs most; say it back in words.
      for (const line of explainApprovers(config)) writeLine(io.out, line);
      // Whether a freeze holds approvals right now is what people running the check usually want to know.
      for (const line of explainFreezes(config.freezes, new Date())) writeLine(io.out, line);
    });
};
