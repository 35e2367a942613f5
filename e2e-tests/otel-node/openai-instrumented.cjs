// The `openai` client instrumented by @opentelemetry/instrumentation-openai, calling a fake OpenAI server started
// here, with the SDK's defaults for everything else: the exporter is the one OTEL_EXPORTER_OTLP_PROTOCOL selects
// (unset: http/protobuf), endpoint, headers and resource attributes come from the environment. This is the zero-code
// set-up of ingest-service's README, with the instrumentation registered in code instead of by --require.
// FINOPS_FAKE_OPENAI: {model, promptTokens, completionTokens, cachedTokens, calls}: what the fake server answers.
// Prints {"calls":n,"responseIds":[...]} once the SDK has shut down (and so exported); exits 1 on any failure.
'use strict';

const http = require('node:http');
const { diag, DiagConsoleLogger, DiagLogLevel } = require('@opentelemetry/api');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');

diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
const sdk = new NodeSDK({ instrumentations: [new OpenAIInstrumentation()] });
sdk.start();
const OpenAI = require('openai'); // after start(): the instrumentation patches the module as it loads

const fake = JSON.parse(process.env.FINOPS_FAKE_OPENAI);

/** A Chat Completions answer with the provider's usage object, cached tokens included. */
function fakeOpenAi() {
  let n = 0;
  return http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        id: `chatcmpl-finops-e2e-${process.pid}-${n}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: fake.model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'Done.' }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: fake.promptTokens,
          completion_tokens: fake.completionTokens,
          total_tokens: fake.promptTokens + fake.completionTokens,
          prompt_tokens_details: { cached_tokens: fake.cachedTokens },
        },
      }));
    });
  });
}

async function main() {
  const server = fakeOpenAi();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new OpenAI({ apiKey: 'sk-fake', baseURL: `http://127.0.0.1:${server.address().port}/v1`, maxRetries: 0 });
  const responseIds = [];
  for (let i = 0; i < fake.calls; i += 1) {
    const answer = await client.chat.completions.create({
      model: fake.model,
      messages: [{ role: 'user', content: `Summarise ticket ${i}.` }],
    });
    responseIds.push(answer.id);
  }
  server.close();
  await sdk.shutdown();
  process.stdout.write(JSON.stringify({ calls: responseIds.length, responseIds }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
