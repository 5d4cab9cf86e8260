/** The account id every AWS stand-in puts in ARNs: the one AWS documentation uses, so it is obviously fake. */
export const LOCAL_ACCOUNT_ID = '123456789012';
