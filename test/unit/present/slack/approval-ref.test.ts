import { encodeApprovalRef, parseApprovalRef } from '../../../../shared/present/slack/approval-ref';

describe('approval references', () => {
  it('round-trips the execution and approval ids', () => {
    // Prepare
    const ref = { executionId: '4f1c2a9e', approvalId: 'ec7ac8ad' };

    // Act
    const parsed = parseApprovalRef(encodeApprovalRef(ref));

    // Assess
    expect(parsed).toEqual(ref);
  });

  it('writes only the short keys e and a', () => {
    // Prepare
    const ref = { executionId: '4f1c2a9e', approvalId: 'ec7ac8ad', token: 'secret' };

    // Act
    const wire = encodeApprovalRef(ref);

    // Assess
    expect(JSON.parse(wire)).toEqual({ e: '4f1c2a9e', a: 'ec7ac8ad' });
  });

  it.each([
    ['not JSON', 'nope'],
    ['a missing id', '{"e":"x"}'],
    ['an extra field', '{"e":"x","a":"y","token":"t"}'],
    ['an empty id', '{"e":"","a":"y"}'],
  ])('refuses %s as INVALID_REQUEST', (_case, text) => {
    // Prepare
    const input = text;

    // Act
    const act = (): unknown => parseApprovalRef(input);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});
