// Exports hand-made gen_ai client spans through one of the OpenTelemetry JS SDK's OTLP trace exporters, configured
// the zero-code way: OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES from the
// environment. Only the exporter package is chosen here, by FINOPS_OTLP_PROTOCOL, so each of the three is exercised:
//   http/json -> @opentelemetry/exporter-trace-otlp-http, http/protobuf -> -proto, grpc -> -grpc
// FINOPS_SPANS: a JSON array of {model, input, output, cacheRead?, reasoning?}.
// Prints {"spans":[{"spanId","traceId"}...]} once every span was exported; exits 1 when an export failed.
'use strict';

const { diag, DiagConsoleLogger, DiagLogLevel, trace } = require('@opentelemetry/api');
const { NodeSDK } = require('@opentelemetry/sdk-node');

const EXPORTERS = {
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
};

/** The exporter, wrapped to remember whether every export succeeded (the SDK itself only logs failures). */
function recordingExporter(protocol) {
  const { OTLPTraceExporter } = require(EXPORTERS[protocol]);
  const exporter = new OTLPTraceExporter();
  const failures = [];
  return {
    failures,
    exporter: {
      export(spans, done) {
        exporter.export(spans, (result) => {
          if (result.code !== 0) failures.push(String(result.error ?? 'export failed'));
          done(result);
        });
      },
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush(),
    },
  };
}

async function main() {
  const protocol = process.env.FINOPS_OTLP_PROTOCOL;
  if (!EXPORTERS[protocol]) throw new Error(`FINOPS_OTLP_PROTOCOL must be one of ${Object.keys(EXPORTERS)}`);
  diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN); // partial-success warnings and export errors: stderr
  const { exporter, failures } = recordingExporter(protocol);
  const sdk = new NodeSDK({ traceExporter: exporter, instrumentations: [] });
  sdk.start();

  const tracer = trace.getTracer('finops-e2e-genai');
  const created = [];
  for (const s of JSON.parse(process.env.FINOPS_SPANS)) {
    const span = tracer.startSpan(`chat ${s.model}`, {
      kind: 2, // CLIENT
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': s.model,
        'gen_ai.response.model': s.model,
        'gen_ai.usage.input_tokens': s.input,
        'gen_ai.usage.output_tokens': s.output,
        ...(s.cacheRead === undefined ? {} : { 'gen_ai.usage.cache_read.input_tokens': s.cacheRead }),
        ...(s.reasoning === undefined ? {} : { 'gen_ai.usage.reasoning.output_tokens': s.reasoning }),
      },
    });
    span.end();
    created.push({ spanId: span.spanContext().spanId, traceId: span.spanContext().traceId });
  }
  await sdk.shutdown(); // flushes the batch processor
  if (failures.length > 0) throw new Error(`export over ${protocol} failed: ${failures.join('; ')}`);
  process.stdout.write(JSON.stringify({ protocol, spans: created }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
