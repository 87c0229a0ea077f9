// Streams one message through Tollgate with the official TypeScript SDK, as an application would,
// and prints what it collected as one JSON line. Run by TypeScriptSdkIT:
//   node ts-sdk-stream.cjs SDK_PACKAGE_DIR
// with TOLLGATE_BASE_URL, TOLLGATE_CLIENT_KEY and TOLLGATE_TEST_ID in the environment.
'use strict';

const { Anthropic } = require(process.argv[2]);

async function main() {
  const client = new Anthropic({
    baseURL: process.env.TOLLGATE_BASE_URL,
    apiKey: process.env.TOLLGATE_CLIENT_KEY,
    maxRetries: 0, // a failure must show, not be retried away
    defaultHeaders: { 'x-test-id': process.env.TOLLGATE_TEST_ID },
  });
  const stream = client.messages.stream({
    model: 'claude-sonnet-4-5',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'Hello from the TypeScript SDK' }],
  });
  const deltas = [];
  stream.on('text', (text) => deltas.push(text));
  const { response } = await stream.withResponse();
  const message = await stream.finalMessage();
  console.log(JSON.stringify({
    text: deltas.join(''),
    textDeltas: deltas.length,
    finalText: message.content.filter((block) => block.type === 'text').map((block) => block.text).join(''),
    stopReason: message.stop_reason,
    model: message.model,
    usage: message.usage,
    upstreamRequestId: response.headers.get('request-id'),
    tollgateRequestId: response.headers.get('x-tollgate-request-id'),
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
