import { join } from 'node:path';
import { type CfnTemplate, readTemplate } from '../cloudformation-template';

/** The directory the package project's global setup packaged into (zips and templates). */
export const packagedDir = (): string => {
  const dir = process.env.PIPEGATE_PACKAGE_DIR;
  if (!dir) throw new Error('PIPEGATE_PACKAGE_DIR is not set: run with `jest --selectProjects package`');
  return dir;
};

/** The template `osls deploy` would upload, from the one package of this run. */
export const packagedTemplate = (): CfnTemplate =>
  readTemplate(join(packagedDir(), 'cloudformation-template-update-stack.json'));
