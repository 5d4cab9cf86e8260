import {
  approvalsParams,
  executionsParams,
  parseParams,
  pendingParams,
} from '../../../shared/audit/query-params';

describe('parseParams', () => {
  it('fills the default limit of 50', () => {
    // Act
    const params = parseParams(pendingParams, {});

    // Assess
    expect(params.limit).toBe(50);
  });

  it.each(['0', '501', '2.5', 'ten', ''])('refuses the limit %j', (limit) => {
    // Act
    const parse = () => parseParams(pendingParams, { limit }, (field) => `--${field}`);

    // Assess
    expect(parse).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', message: expect.stringContaining('--limit') }),
    );
  });

  it('lower-cases an approver email', () => {
    // Act
    const params = parseParams(approvalsParams, { approver: 'Jane.Doe@Example.COM' });

    // Assess
    expect(params.approver).toBe('jane.doe@example.com');
  });

  it('accepts a Slack approver as slack:<user id>', () => {
    // Act
    const params = parseParams(approvalsParams, { approver: 'slack:U024BE7LH' });

    // Assess
    expect(params.approver).toBe('slack:U024BE7LH');
  });

  it('says a required parameter is required', () => {
    // Act
    const parse = () => parseParams(executionsParams, {});

    // Assess
    expect(parse).toThrow('invalid pipeline: is required');
  });

  it('refuses unknown parameters by name', () => {
    // Act
    const parse = () => parseParams(pendingParams, { sinse: '7d' }, (field) => `query parameter '${field}'`);

    // Assess
    expect(parse).toThrow("unknown query parameter 'sinse'");
  });
});
