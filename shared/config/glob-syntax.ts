import { show } from './config-issues';

const CLOSER: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
const OPENER: Record<string, string> = { '}': '{', ']': '[', ')': '(' };

/**
 * Why a glob's braces, brackets or parentheses do not pair up, or undefined when they do. picomatch accepts
 * such a glob without a word — `prod-{api,web` then matches nothing and `prod-[api` only that literal text —
 * so a typo would silently turn a route or an approval policy off. A backslash escapes the next character.
 * @example unbalancedGlob('prod-{api,web') // → '"prod-{api,web" has an unclosed "{" …'
 */
export const unbalancedGlob = (glob: string): string | undefined => {
  const open: { char: string; at: number }[] = [];
  for (let at = 0; at < glob.length; at += 1) {
    const char = glob.charAt(at);
    if (char === '\\') {
      at += 1;
      continue;
    }
    if (char in CLOSER) {
      open.push({ char, at });
      continue;
    }
    const opener = OPENER[char];
    if (!opener) continue;
    const last = open.pop();
    if (!last) {
      return `${show(glob)} has a "${char}" with no "${opener}" before it (character ${at + 1}); escape it as "\\${char}" if you mean the character`;
    }
    if (last.char !== opener) {
      return `${show(glob)} closes "${last.char}" (character ${last.at + 1}) with "${char}" (character ${at + 1})`;
    }
  }
  const unclosed = open.pop();
  if (!unclosed) return undefined;
  return `${show(glob)} has an unclosed "${unclosed.char}" (character ${unclosed.at + 1}): it would match nothing you meant; close it with "${CLOSER[unclosed.char]}", or escape it as "\\${unclosed.char}"`;
};
