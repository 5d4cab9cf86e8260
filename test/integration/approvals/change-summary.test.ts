import { createHash, randomUUID } from 'node:crypto';
import {
  changeApprovalPlan,
  DEMO_COMMITS,
  DEMO_REPOSITORY,
  failedBuildPlan,
  shippedPlan,
} from '../../../local/simulator/change-plans';
import { definePipelines } from '../../../local/simulator/codepipeline-gate';
import type { ApprovalGate, ExecutionPlan } from '../../../local/simulator/execution-script';
import { codeConnectionsCommitUrl, gitTrigger, sourceStage } from '../../../local/simulator/stage-plans';
import { type Harness, startHarness, waitFor } from '../support/local-harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

// The approval run waits until the test is done with the request; the harness ends it quietly on stop.
const waitForever: ApprovalGate = () => new Promise(() => undefined);

const minutesAgo = (minutes: number): Date => new Date(Date.now() - minutes * 60_000);
const SHIPPED = DEMO_COMMITS[0]?.sha ?? '';
const HEAD = DEMO_COMMITS[DEMO_COMMITS.length - 1]?.sha ?? '';

/** A pipeline of its own per test, so each test's history is only its own runs. */
const pipelineName = (): string => `prod-changes-${randomUUID().slice(0, 8)}`;

/** Plays a release that shipped and a run that failed in Build, then requests approval for the head commit. */
const requestAfterHistory = async (pipeline: string) => {
  await harness.play(shippedPlan(minutesAgo(30), pipeline));
  await harness.play(failedBuildPlan(minutesAgo(20), pipeline));
  const plan = changeApprovalPlan(new Date(), pipeline);
  void harness.play(plan, waitForever);
  const message = await waitFor(() => harness.approvalMessage(plan.executionId));
  const [record] = await harness.approvals.listForExecution(plan.executionId);
  return { text: JSON.stringify(message.blocks), record };
};

const withoutGitHubToken = async <T>(run: () => Promise<T>): Promise<T> => {
  const token = process.env.GITHUB_TOKEN;
  // The wiring resolves secrets per invocation: an empty variable is "no token configured".
  process.env.GITHUB_TOKEN = '';
  try {
    return await run();
  } finally {
    if (token === undefined) delete process.env.GITHUB_TOKEN;
    else process.env.GITHUB_TOKEN = token;
  }
};

describe('what an approval ships', () => {
  it('shows the revisions since the last run that shipped, the runs in between, the compare link and the commits', async () => {
    // Prepare
    const pipeline = pipelineName();
    const callsBefore = harness.stack.github.calls.length;

    // Act
    const { text, record } = await requestAfterHistory(pipeline);

    // Assess
    expect(text).toContain('What ships');
    expect(text).toContain(
      `https://github.com/${DEMO_REPOSITORY}/compare/${SHIPPED}...${HEAD}|Compare on GitHub`,
    );
    expect(text).toContain('1 run since then (1 failed in Build)');
    expect(text).toContain('Log the retry budget per client');
    expect(text).toContain('Priya Patel');
    expect(record?.changes).toMatchObject({
      basis: 'last-success',
      sources: [{ name: 'Source', commits: { status: 'listed', total: DEMO_COMMITS.length - 1 } }],
    });
    const calls = harness.stack.github.calls.slice(callsBefore);
    expect(calls).toEqual([
      {
        path: `/repos/acme/prod-api/compare/${SHIPPED}...${HEAD}`,
        query: 'per_page=20&page=1',
        authorization: `Bearer ${harness.stack.env.GITHUB_TOKEN}`,
      },
    ]);
  });

  it('shows the compare link alone, said plainly, when no GitHub token is configured', async () => {
    // Prepare
    const pipeline = pipelineName();
    const callsBefore = harness.stack.github.calls.length;

    // Act
    const { text } = await withoutGitHubToken(() => requestAfterHistory(pipeline));

    // Assess
    expect(text).toContain('Compare on GitHub');
    expect(text).toContain('Commit list: no GitHub token is configured — the compare link shows them.');
    expect(text).not.toContain('Log the retry budget per client');
    expect(harness.stack.github.calls.length).toBe(callsBefore);
  });

  it('still requests the approval when GitHub fails, saying the commit list is unavailable', async () => {
    // Prepare
    const pipeline = pipelineName();
    harness.stack.github.failNext(502);

    // Act
    const { text, record } = await requestAfterHistory(pipeline);

    // Assess
    expect(record?.status).toBe('pending');
    expect(text).toContain('pipegate.approve');
    expect(text).toContain('Commit list unavailable: GitHub did not answer');
  });

  it('says so when this is the first run of the pipeline pipegate has seen', async () => {
    // Prepare
    const plan = changeApprovalPlan(new Date(), pipelineName());

    // Act
    void harness.play(plan, waitForever);
    const message = await waitFor(() => harness.approvalMessage(plan.executionId));

    // Assess
    expect(JSON.stringify(message.blocks)).toContain(
      'First run of this pipeline pipegate has seen: there is no earlier run to compare with.',
    );
  });
  it('reads the revisions from GetPipelineExecution when neither the source events nor the trigger name them', async () => {
    // Prepare: runs started by hand (no git trigger) whose source action reports no execution result
    const pipeline = pipelineName();
    const bare = (plan: ExecutionPlan): ExecutionPlan => ({
      ...plan,
      trigger: {
        'execution-trigger': {
          'trigger-type': 'StartPipelineExecution',
          'trigger-detail': 'arn:aws:iam::123456789012:user/release',
        },
      },
      stages: plan.stages.map((stage) => (stage.name === 'Source' ? sourceStage() : stage)),
    });
    const shipped = bare(shippedPlan(minutesAgo(30), pipeline));
    const plan = bare(changeApprovalPlan(new Date(), pipeline));
    definePipelines(harness.stack.codepipeline, [plan]);
    const revision = (commit: (typeof DEMO_COMMITS)[number]) => ({
      name: 'SourceArtifact',
      revisionId: commit.sha,
      revisionSummary: JSON.stringify({ ProviderType: 'GitHub', CommitMessage: commit.message }),
      revisionUrl: codeConnectionsCommitUrl(DEMO_REPOSITORY, commit.sha),
    });
    harness.stack.codepipeline.setArtifactRevisions(pipeline, shipped.executionId, [
      revision(DEMO_COMMITS[0] as (typeof DEMO_COMMITS)[number]),
    ]);
    harness.stack.codepipeline.setArtifactRevisions(pipeline, plan.executionId, [
      revision(DEMO_COMMITS[DEMO_COMMITS.length - 1] as (typeof DEMO_COMMITS)[number]),
    ]);
    const callsBefore = harness.stack.codepipeline.calls('GetPipelineExecution').length;

    // Act
    await harness.play(shipped);
    void harness.play(plan, waitForever);
    const message = await waitFor(() => harness.approvalMessage(plan.executionId));

    // Assess: the compare link comes from the revisions CodePipeline lists, asked for both runs
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(
      `https://github.com/${DEMO_REPOSITORY}/compare/${SHIPPED}...${HEAD}|Compare on GitHub`,
    );
    const asked = harness.stack.codepipeline
      .calls('GetPipelineExecution')
      .slice(callsBefore)
      .map((call) => call.input.pipelineExecutionId);
    expect(asked).toEqual(expect.arrayContaining([shipped.executionId, plan.executionId]));
  });

  it('lists the newest 20 commits of a long range, newest first, reading GitHub page by page', async () => {
    // Prepare: 45 commits since the release that shipped, in a repository of their own
    const repository = `acme/long-${randomUUID().slice(0, 8)}`;
    const history = Array.from({ length: 46 }, (_, index) => ({
      sha: createHash('sha1').update(`${repository}-${index}`).digest('hex'),
      message: `Change ${index}`,
      authorName: 'Priya Patel',
      login: 'ppatel',
    }));
    harness.stack.github.addCommits(repository, history);
    const at = (plan: ExecutionPlan, commit: (typeof history)[number]): ExecutionPlan => ({
      ...plan,
      trigger: gitTrigger({
        authorName: commit.authorName,
        authorEmail: 'ppatel@example.com',
        message: commit.message,
        commitId: commit.sha,
        repository,
      }),
      stages: plan.stages.map((stage) =>
        stage.name === 'Source'
          ? sourceStage({ commitId: commit.sha, message: commit.message, repository })
          : stage,
      ),
    });
    const pipeline = pipelineName();
    const callsBefore = harness.stack.github.calls.length;
    await harness.play(at(shippedPlan(minutesAgo(30), pipeline), history[0] as (typeof history)[number]));
    const plan = at(changeApprovalPlan(new Date(), pipeline), history[45] as (typeof history)[number]);

    // Act
    void harness.play(plan, waitForever);
    const message = await waitFor(() => harness.approvalMessage(plan.executionId));

    // Assess
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Change 45');
    expect(text).toContain('Change 26');
    expect(text).not.toContain('Change 25 ');
    expect(text).toContain('…and 25 earlier commits');
    const [record] = await harness.approvals.listForExecution(plan.executionId);
    const list = record?.changes?.sources[0]?.commits;
    expect(list?.status === 'listed' && list.commits.map((commit) => commit.title)).toEqual(
      Array.from({ length: 20 }, (_, index) => `Change ${45 - index}`),
    );
    const pages = harness.stack.github.calls
      .slice(callsBefore)
      .filter((call) => call.path.includes(repository))
      .map((call) => call.query)
      .sort();
    expect(pages).toEqual(['per_page=20&page=1', 'per_page=20&page=2', 'per_page=20&page=3']);
  });

  it('pairs two sources of mixed origin: GitHub and CodeCommit, from the events now and from CodePipeline then', async () => {
    // Prepare: the shipped run's events carry no revisions (GetPipelineExecution names them by artifact);
    // the waiting run's source actions report theirs (named by action)
    const pipeline = pipelineName();
    const configSha = (seed: string) => createHash('sha1').update(`${pipeline}-${seed}`).digest('hex');
    const codeCommitUrl = (commit: string) =>
      `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/infra-config/commit/${commit}?region=eu-west-1`;
    const config = { shipped: configSha('config-shipped'), waiting: configSha('config-waiting') };
    const [head, shippedCommit] = [DEMO_COMMITS.at(-1), DEMO_COMMITS[0]];
    if (!head || !shippedCommit) throw new Error('the demo history has commits');
    const twoSources = (plan: ExecutionPlan, reported: boolean): ExecutionPlan => {
      const app = sourceStage(
        reported ? { commitId: head.sha, message: head.message, repository: DEMO_REPOSITORY } : undefined,
      ).actions[0];
      if (!app) throw new Error('the source stage has an action');
      return {
        ...plan,
        trigger: {
          'execution-trigger': {
            'trigger-type': 'StartPipelineExecution',
            'trigger-detail': 'arn:aws:iam::123456789012:user/release',
          },
        },
        stages: plan.stages.map((stage) =>
          stage.name === 'Source'
            ? {
                name: 'Source',
                actions: [
                  { ...app, name: 'App', outputArtifacts: ['AppSource'] },
                  {
                    name: 'Config',
                    category: 'Source',
                    provider: 'CodeCommit',
                    outputArtifacts: ['ConfigSource'],
                    ...(reported
                      ? {
                          result: {
                            'external-execution-id': config.waiting,
                            'external-execution-summary': 'Raise the pool size',
                            'external-execution-url': codeCommitUrl(config.waiting),
                          },
                        }
                      : {}),
                  },
                ],
              }
            : stage,
        ),
      };
    };
    const shipped = twoSources(shippedPlan(minutesAgo(30), pipeline), false);
    const plan = twoSources(changeApprovalPlan(new Date(), pipeline), true);
    definePipelines(harness.stack.codepipeline, [shipped]);
    harness.stack.codepipeline.setArtifactRevisions(pipeline, shipped.executionId, [
      {
        name: 'ConfigSource',
        revisionId: config.shipped,
        revisionSummary: 'Pool size 10',
        revisionUrl: codeCommitUrl(config.shipped),
      },
      {
        name: 'AppSource',
        revisionId: shippedCommit.sha,
        revisionSummary: JSON.stringify({ ProviderType: 'GitHub', CommitMessage: shippedCommit.message }),
        revisionUrl: codeConnectionsCommitUrl(DEMO_REPOSITORY, shippedCommit.sha),
      },
    ]);

    // Act
    await harness.play(shipped);
    void harness.play(plan, waitForever);
    const message = await waitFor(() => harness.approvalMessage(plan.executionId));

    // Assess: each source compared with its own revision of the shipped run
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(
      `https://github.com/${DEMO_REPOSITORY}/compare/${SHIPPED}...${HEAD}|Compare on GitHub`,
    );
    expect(text).toContain(
      `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/infra-config/compare/${config.shipped}/.../${config.waiting}?region=eu-west-1|Compare on CodeCommit`,
    );
    const [record] = await harness.approvals.listForExecution(plan.executionId);
    expect(
      record?.changes?.sources.map((source) => [source.name, source.previous?.revisionId, source.provider]),
    ).toEqual([
      ['App', SHIPPED, 'github'],
      ['Config', config.shipped, 'codecommit'],
    ]);
    // The artifacts were named by their actions from the pipeline's declaration at the run's version.
    const declarations = harness.stack.codepipeline
      .calls('GetPipeline')
      .filter((call) => call.input.name === pipeline && call.input.version === 1);
    expect(declarations.length).toBeGreaterThan(0);
  });
});
