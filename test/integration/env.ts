// The real SDK clients talk to local servers; they still need a region and (fake) credentials.
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// EMF lines are asserted where they matter (test/unit/metrics); elsewhere they would only flood the output.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// Lambda runs Node 22+; the SDK's Node 20 deprecation notice is noise on a developer machine.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
