import { join } from 'node:path';
import { asFunction, recordAwsCalls } from '../../local/aws-calls/record-aws-calls';
import { FUNCTION_NAMES } from './function-names';

// jest setup file: every handler any test imports runs as its serverless.yml function, and every AWS call it
// makes is recorded (to PIPEGATE_AWS_CALLS_DIR when the run's global setup names one). The IAM check in the
// package tests evaluates those calls against each function's role in the packaged template.
recordAwsCalls({ directory: process.env.PIPEGATE_AWS_CALLS_DIR });

for (const name of FUNCTION_NAMES) {
  const modulePath = join(__dirname, '..', '..', 'functions', name);
  // doMock, not mock: it must not be hoisted out of the loop.
  jest.doMock(modulePath, () => {
    const actual = jest.requireActual<{ handler: (...args: unknown[]) => unknown }>(modulePath);
    return { ...actual, handler: asFunction(name, actual.handler) };
  });
}
