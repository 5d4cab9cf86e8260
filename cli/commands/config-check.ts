import type { Command } from 'commander';
import { loadConfig } from '../../shared/config/load-config';
import { PipegateError } from '../../shared/errors';
import { type CliIO, writeLine } from '../cli-context';

/** The stack provides these at runtime; a placeholder of the right shape lets a file be checked anywhere. */
const STACK_PROVIDED = { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:placeholder' };

/** `pipegate config check [file]`: validates a routing and approval-policy file before it is deployed. */
export const registerConfigCommand = (program: Command, io: CliIO): void => {
  program
    .command('config')
    .description('work with the routing and approval-policy file')
    .command('check')
    .argument('[file]', 'the file to check', 'pipegate.config.yaml')
    .description(
      'validate a config file the way the functions load it (env:PIPEGATE_TOPIC_ARN gets a placeholder ARN unless set)',
    )
    .action((file: string) => {
      try {
        loadConfig(file, { ...STACK_PROVIDED, ...process.env });
      } catch (error) {
        // A config mistake is bad input: the issues name each field, line and why.
        if (error instanceof PipegateError && error.code === 'INVALID_CONFIG') {
          throw new PipegateError('INVALID_REQUEST', `${file} is not valid:\n${error.message}`);
        }
        throw error;
      }
      writeLine(io.out, `✔ ${file} is valid`);
    });
};
