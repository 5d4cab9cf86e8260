import { type ConfigDocument, invalidConfig, isMapping, withoutExtensions } from './config-value';

// `#read-config-document` in a function bundle (package.json `imports`, condition `pipegate-lambda` set in
// serverless.yml's esbuild options): the JSON `osls package` compiles from the YAML file it validated, so
// no function carries a YAML parser (~110 KB; bench/results/bundles.json). No lines: the file was checked,
// with them, at package time.

/**
 * The data of the compiled JSON config.
 * @throws PipegateError INVALID_CONFIG when the text is not JSON — a function given the YAML file itself
 * @example const { value } = readConfigDocument(text, '.pipegate/pipegate.config.yaml.json');
 */
export const readConfigDocument = (text: string, source: string): ConfigDocument => {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw invalidConfig(
      source,
      [
        `${source}: not the JSON config \`osls package\` compiles; a deployed function reads that file (PIPEGATE_CONFIG, set by serverless.yml), never the YAML`,
      ],
      error,
    );
  }
  return { value: isMapping(file) ? withoutExtensions(file) : file };
};
