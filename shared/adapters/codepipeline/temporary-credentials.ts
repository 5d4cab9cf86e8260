// The one provider pipegate uses, re-exported from a module of our own so that `assumed-role-credentials`
// can load it lazily: a dynamic import of the package itself would keep every provider it exports (Cognito,
// SSO, web identity… 40 KB+ in each bundle); a static named import here is tree-shaken to this one.
export { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
