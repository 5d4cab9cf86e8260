import { unbalancedGlob } from '../../../shared/config/glob-syntax';

describe('unbalancedGlob', () => {
  it.each(['*', 'prod-*', 'prod-{api,web}', 'prod-[aw]*', '@(api|web)-prod', 'prod-\\{literal', '{a,{b,c}}'])(
    'accepts %s',
    (glob) => {
      expect(unbalancedGlob(glob)).toBeUndefined();
    },
  );

  it.each([
    ['prod-{api,web', 'has an unclosed "{" (character 6)'],
    ['prod-[api', 'has an unclosed "[" (character 6)'],
    ['prod-api}', 'has a "}" with no "{" before it (character 9)'],
    ['prod-{api]', 'closes "{" (character 6) with "]" (character 10)'],
  ])('refuses %s with the reason', (glob, reason) => {
    expect(unbalancedGlob(glob)).toContain(reason);
  });
});
