import { readRuntimeEnv } from '../../../shared/config/runtime-env';

describe('PIPEGATE_AUDIT_CHAIN_LANES', () => {
  it('defaults to 8 lanes and takes a setting of 1 to 64', () => {
    // Act
    const unset = readRuntimeEnv({ PIPEGATE_TABLE: 't' });
    const one = readRuntimeEnv({ PIPEGATE_TABLE: 't', PIPEGATE_AUDIT_CHAIN_LANES: '1' });
    const many = readRuntimeEnv({ PIPEGATE_TABLE: 't', PIPEGATE_AUDIT_CHAIN_LANES: '64' });

    // Assess
    expect([unset.auditChainLanes, one.auditChainLanes, many.auditChainLanes]).toEqual([8, 1, 64]);
  });

  it('refuses a lane count out of range, naming the variable', () => {
    // Act
    const read = () => readRuntimeEnv({ PIPEGATE_TABLE: 't', PIPEGATE_AUDIT_CHAIN_LANES: '65' });

    // Assess
    expect(read).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        message: expect.stringContaining('PIPEGATE_AUDIT_CHAIN_LANES'),
      }),
    );
  });
});
