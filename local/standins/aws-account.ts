/** The account id every AWS stand-in puts in ARNs: the one AWS documentation uses, so it is obviously fake. */
export const LOCAL_ACCOUNT_ID = '123456789012';

/**
 * The second account of the local organisation: its pipelines run in another region, and pipegate reaches
 * them only by assuming its member role (the bundled pipegate.config.yaml lists it under `accounts:`).
 */
export const LOCAL_MEMBER_ACCOUNT = {
  id: '210987654321',
  name: 'payments-prod',
  region: 'us-west-2',
} as const;
