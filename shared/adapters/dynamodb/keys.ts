/** Key builders for the single table (layout documented in infra/table.yml). */

export const dayOf = (isoTime: string): string => isoTime.slice(0, 10);

export const executionPk = (executionId: string): string => `EXEC#${executionId}`;
export const SUMMARY_SK = 'SUMMARY';
export const eventSk = (semanticKey: string): string => `EVENT#${semanticKey}`;
export const pipelineGsiPk = (pipeline: string): string => `PIPELINE#${pipeline}`;
export const pipelineGsiSk = (startTime: string, executionId: string): string =>
  `${startTime}#${executionId}`;
export const failedGsiPk = (day: string): string => `FAILED#${day}`;
export const errorPk = (day: string): string => `ERROR#${day}`;

export const INDEX = {
  byPipeline: 'gsi1',
  byActor: 'gsi2',
  byStatus: 'gsi3',
  byAuditDay: 'gsi4',
} as const;

/** TTL value in epoch seconds, `days` after `from`. */
export const expiresAt = (from: Date, days: number): number =>
  Math.floor(from.getTime() / 1000) + days * 86_400;
