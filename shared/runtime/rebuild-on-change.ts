/**
 * Memoises a builder on its inputs: the last result is reused while every input is the same (`===`), and
 * rebuilt when one changes. Secrets are resolved on every invocation (cheaply, from the parameter cache);
 * what depends on them — a Slack WebClient, parsed link keys — is rebuilt only when a value really rotated.
 * A build that throws is not remembered, so the next call tries again.
 * @example
 * const chatFor = rebuildOnChange((token: string) => createSlackChat(createSlackWebClient({ token })));
 * const chat = chatFor(secrets.slackBotToken); // the same client until the token changes
 */
export const rebuildOnChange = <Inputs extends readonly unknown[], T>(
  build: (...inputs: Inputs) => T,
): ((...inputs: Inputs) => T) => {
  let last: { inputs: Inputs; value: T } | undefined;
  return (...inputs) => {
    const same =
      last !== undefined &&
      last.inputs.length === inputs.length &&
      last.inputs.every((input, i) => input === inputs[i]);
    if (!same || !last) last = { inputs, value: build(...inputs) };
    return last.value;
  };
};
