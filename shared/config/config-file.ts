/**
 * The file bundled into every function (serverless.yml `package.patterns`) and used by `npm start`. A module
 * of its own so that the CLI's --help can name it without loading the config schema.
 */
export const DEFAULT_CONFIG_FILE = 'pipegate.config.yaml';
