import { randomUUID } from 'node:crypto';
import type { GetPipelineStateOutput, PutApprovalResultInput } from '@aws-sdk/client-codepipeline';
import {
  ActionNotFoundException,
  ApprovalAlreadyCompletedException,
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  InvalidApprovalTokenException,
  ListActionExecutionsCommand,
  PipelineExecutionNotFoundException,
  PipelineNotFoundException,
  PutApprovalResultCommand,
  StageNotFoundException,
  ValidationException,
} from '@aws-sdk/client-codepipeline';
import type {
  ApprovalResultEvent,
  CodePipelineStandIn,
  ExecutionMode,
} from '../../../local/standins/codepipeline';
import { startCodePipelineStandIn } from '../../../local/standins/codepipeline';

describe('CodePipeline stand-in', () => {
  let codepipeline: CodePipelineStandIn;
  let client: CodePipelineClient;
  let clock: Date;
  const executionId = '11111111-2222-3333-4444-555555555555';
  const actionExecutionId = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

  const define = (name = 'app', executionMode: ExecutionMode = 'SUPERSEDED'): void =>
    codepipeline.definePipeline({
      name,
      executionMode,
      stages: [
        {
          name: 'Source',
          actions: [{ name: 'Checkout', category: 'Source', provider: 'CodeStarSourceConnection' }],
        },
        { name: 'Gate', actions: [{ name: 'Approve', category: 'Approval' }] },
      ],
    });
  const wait = (pipeline = 'app', tokenLagCalls = 0): string =>
    codepipeline.startApprovalWait({
      pipeline,
      executionId,
      stage: 'Gate',
      action: 'Approve',
      actionExecutionId,
      tokenLagCalls,
    });
  const decide = (token: string, overrides: Partial<PutApprovalResultInput> = {}) =>
    client.send(
      new PutApprovalResultCommand({
        pipelineName: 'app',
        stageName: 'Gate',
        actionName: 'Approve',
        token,
        result: { status: 'Approved', summary: 'Approved by Jane Doe <jane@example.com> via Slack' },
        ...overrides,
      }),
    );
  const gateOf = (state: GetPipelineStateOutput) =>
    state.stageStates?.find((stage) => stage.stageName === 'Gate')?.actionStates?.[0]?.latestExecution;
  const getState = (name = 'app') => client.send(new GetPipelineStateCommand({ name }));

  beforeAll(async () => {
    codepipeline = await startCodePipelineStandIn({ now: () => clock });
    client = new CodePipelineClient({
      endpoint: codepipeline.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  beforeEach(() => {
    clock = new Date('2026-03-01T10:00:00.000Z');
    codepipeline.reset();
    define();
  });
  afterAll(async () => {
    client.destroy();
    await codepipeline.close();
  });

  describe('GetPipelineState', () => {
    it('shows the waiting approval with its token for this execution', async () => {
      // Prepare
      const token = wait();

      // Act
      const state = await getState();

      // Assess
      expect(gateOf(state)).toEqual({
        actionExecutionId,
        status: 'InProgress',
        token,
        lastStatusChange: new Date('2026-03-01T10:00:00.000Z'),
      });
      expect(state.stageStates?.[1]?.latestExecution).toEqual({
        pipelineExecutionId: executionId,
        status: 'InProgress',
      });
    });

    it('hides the token for the configured number of reads, then shows it', async () => {
      // Prepare
      const token = wait('app', 2);

      // Act
      const reads = [await getState(), await getState(), await getState()];

      // Assess
      expect(reads.map((state) => gateOf(state)?.token)).toEqual([undefined, undefined, token]);
    });

    it('never shows the token of a PARALLEL pipeline', async () => {
      // Prepare
      define('parallel-app', 'PARALLEL');
      wait('parallel-app');

      // Act
      const state = await getState('parallel-app');

      // Assess
      expect(gateOf(state)).toMatchObject({ status: 'InProgress' });
      expect(gateOf(state)?.token).toBeUndefined();
    });

    it('reports an unknown pipeline as PipelineNotFoundException', async () => {
      // Act
      const call = getState('nope');

      // Assess
      await expect(call).rejects.toBeInstanceOf(PipelineNotFoundException);
    });
  });

  describe('PutApprovalResult', () => {
    it('approves the waiting action and answers approvedAt', async () => {
      // Prepare
      const token = wait();

      // Act
      const result = await decide(token);

      // Assess
      expect(result.approvedAt).toEqual(clock);
      expect(gateOf(await getState())).toMatchObject({
        status: 'Succeeded',
        summary: 'Approved by Jane Doe <jane@example.com> via Slack',
        lastUpdatedBy: 'arn:aws:iam::123456789012:user/test',
      });
    });

    it('tells approval listeners after the call so a simulator can continue', async () => {
      // Prepare
      const token = wait();
      const heard = new Promise<ApprovalResultEvent>((resolve) => codepipeline.onApprovalResult(resolve));

      // Act
      await decide(token);

      // Assess
      await expect(heard).resolves.toMatchObject({
        pipeline: 'app',
        stage: 'Gate',
        status: 'Approved',
        executionId,
        token,
      });
    });

    it('fails the execution when rejected', async () => {
      // Prepare
      const token = wait();

      // Act
      await decide(token, { result: { status: 'Rejected', summary: 'Rejected by Jane Doe: tests red' } });

      // Assess
      const execution = await client.send(
        new GetPipelineExecutionCommand({ pipelineName: 'app', pipelineExecutionId: executionId }),
      );
      expect(execution.pipelineExecution?.status).toBe('Failed');
    });

    it('refuses a token that does not belong to the action with InvalidApprovalTokenException', async () => {
      // Prepare
      wait();

      // Act
      const call = decide(randomUUID());

      // Assess
      await expect(call).rejects.toBeInstanceOf(InvalidApprovalTokenException);
    });

    it('refuses a second decision with ApprovalAlreadyCompletedException', async () => {
      // Prepare
      const token = wait();
      await decide(token);

      // Act
      const call = decide(token, { result: { status: 'Rejected', summary: 'too late' } });

      // Assess
      await expect(call).rejects.toBeInstanceOf(ApprovalAlreadyCompletedException);
    });

    it('refuses a decision after someone approved in the console', async () => {
      // Prepare
      const token = wait();
      codepipeline.completeOutside('app', 'Gate', 'Approve', 'Approved');

      // Act
      const call = decide(token);

      // Assess
      await expect(call).rejects.toBeInstanceOf(ApprovalAlreadyCompletedException);
    });

    it('treats an approval past its expiry as completed (timed out)', async () => {
      // Prepare
      const token = codepipeline.startApprovalWait({
        ...{ pipeline: 'app', executionId, stage: 'Gate', action: 'Approve', actionExecutionId },
        expiresAt: new Date('2026-03-01T11:00:00.000Z'),
      });
      clock = new Date('2026-03-01T11:00:01.000Z');

      // Act
      const call = decide(token);

      // Assess
      await expect(call).rejects.toBeInstanceOf(ApprovalAlreadyCompletedException);
    });

    it('rejects a summary over 512 characters with ValidationException', async () => {
      // Prepare
      const token = wait();

      // Act
      const call = decide(token, { result: { status: 'Approved', summary: 'x'.repeat(513) } });

      // Assess
      await expect(call).rejects.toBeInstanceOf(ValidationException);
    });

    it.each([
      ['pipeline', { pipelineName: 'other' }, PipelineNotFoundException],
      ['stage', { stageName: 'Deploy' }, StageNotFoundException],
      ['action', { actionName: 'Approve2' }, ActionNotFoundException],
    ])('reports an unknown %s with its not-found exception', async (_what, overrides, exception) => {
      // Prepare
      const token = wait();

      // Act
      const call = decide(token, overrides);

      // Assess
      await expect(call).rejects.toBeInstanceOf(exception);
    });
  });

  describe('ListActionExecutions', () => {
    it('gives the token of a PARALLEL approval as externalExecutionId', async () => {
      // Prepare
      define('parallel-app', 'PARALLEL');
      const token = wait('parallel-app');

      // Act
      const listed = await client.send(
        new ListActionExecutionsCommand({
          pipelineName: 'parallel-app',
          filter: { pipelineExecutionId: executionId },
        }),
      );

      // Assess
      expect(listed.actionExecutionDetails).toEqual([
        expect.objectContaining({
          pipelineExecutionId: executionId,
          actionExecutionId,
          stageName: 'Gate',
          actionName: 'Approve',
          status: 'InProgress',
          input: expect.objectContaining({ actionTypeId: expect.objectContaining({ category: 'Approval' }) }),
          output: expect.objectContaining({ executionResult: { externalExecutionId: token } }),
        }),
      ]);
    });

    it('reports an unknown execution as PipelineExecutionNotFoundException', async () => {
      // Act
      const call = client.send(
        new ListActionExecutionsCommand({
          pipelineName: 'app',
          filter: { pipelineExecutionId: randomUUID() },
        }),
      );

      // Assess
      await expect(call).rejects.toBeInstanceOf(PipelineExecutionNotFoundException);
    });
  });

  describe('GetPipelineExecution', () => {
    it('returns the execution status and the execution mode', async () => {
      // Prepare
      wait();

      // Act
      const result = await client.send(
        new GetPipelineExecutionCommand({ pipelineName: 'app', pipelineExecutionId: executionId }),
      );

      // Assess
      expect(result.pipelineExecution).toMatchObject({
        pipelineName: 'app',
        pipelineExecutionId: executionId,
        status: 'InProgress',
        executionMode: 'SUPERSEDED',
      });
    });
  });

  describe('faults and inspection', () => {
    it('surfaces an injected throttling error under its name', async () => {
      // Prepare
      codepipeline.injectFault('GetPipelineState', { name: 'ThrottlingException', message: 'Rate exceeded' });

      // Act
      const call = getState();

      // Assess
      await expect(call).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
    });

    it('records each call so tests can count round trips', async () => {
      // Prepare
      wait();

      // Act
      await getState();
      await getState();

      // Assess
      expect(codepipeline.calls('GetPipelineState')).toEqual([
        { operation: 'GetPipelineState', input: { name: 'app' } },
        { operation: 'GetPipelineState', input: { name: 'app' } },
      ]);
    });
  });
});
