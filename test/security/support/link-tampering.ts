/** A link token's three parts: base64url JSON payload, kid, base64url MAC. */
export const tokenParts = (token: string): { payload: Record<string, unknown>; kid: string; mac: string } => {
  const [part = '', kid = '', mac = ''] = token.split('.');
  return { payload: JSON.parse(Buffer.from(part, 'base64url').toString('utf8')), kid, mac };
};

const encode = (payload: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

/** The same token with one payload field changed and the original MAC kept (what an attacker can do). */
export const withField = (token: string, field: string, value: unknown): string => {
  const { payload, kid, mac } = tokenParts(token);
  return `${encode({ ...payload, [field]: value })}.${kid}.${mac}`;
};

/** Another value for each signed field, as an attacker would try: someone else, another approval, later. */
export const FIELD_CHANGES: ReadonlyArray<[field: string, change: (value: unknown) => unknown]> = [
  ['v', () => 2],
  ['a', (value) => `${String(value)}-other`],
  ['e', (value) => `${String(value)}-other`],
  ['r', () => 'alex@example.com'],
  ['d', (value) => (value === 'approve' ? 'reject' : 'approve')],
  ['x', (value) => Number(value) + 86_400],
  ['n', (value) => (value === 'A'.repeat(22) ? 'B'.repeat(22) : 'A'.repeat(22))],
];

/** Variations that are not a field change: another kid, a changed MAC, a cut token. */
export const tokenVariants = (token: string): Array<[name: string, token: string]> => {
  const { kid, mac } = tokenParts(token);
  const part = token.split('.')[0] ?? '';
  return [
    ['unknown kid', `${part}.attacker.${mac}`],
    ['MAC altered', `${part}.${kid}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`],
    ['token cut short', token.slice(0, Math.floor(token.length * 0.7))],
    ['MAC removed', `${part}.${kid}.`],
  ];
};
