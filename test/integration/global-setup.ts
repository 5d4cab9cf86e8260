import { startDynalite } from '../../local/dynamodb/start-dynalite';

// One dynalite for the whole integration run on a free port; each test file creates its own table.
export default async function globalSetup(): Promise<void> {
  const dynalite = await startDynalite();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
  (globalThis as { __dynalite?: typeof dynalite }).__dynalite = dynalite;
}
