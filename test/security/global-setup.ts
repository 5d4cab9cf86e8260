import { startDynalite } from '../../local/dynamodb/start-dynalite';

// One dynalite for the security suite. Unlike the integration setup it leaves the recorded AWS calls of the
// integration run alone: npm test runs this suite between integration and the package IAM check.
export default async function globalSetup(): Promise<void> {
  const dynalite = await startDynalite();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
  (globalThis as { __dynalite?: typeof dynalite }).__dynalite = dynalite;
}
