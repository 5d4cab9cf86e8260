import type { RunningDynalite } from '../../local/dynamodb/start-dynalite';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __dynalite?: RunningDynalite }).__dynalite?.close();
}
