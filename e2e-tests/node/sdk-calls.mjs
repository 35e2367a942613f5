// Calls through the official SDKs, written as an agent writes them; only baseURL and apiKey point at the gateway
// (the X-FinOps-* attribution headers go in the SDKs' own defaultHeaders / per-request headers options).
//
//   node sdk-calls.mjs < spec.json
//
// spec: { openaiBaseURL, anthropicBaseURL, apiKey, headers?, maxRetries?, timeoutMs?,
//         calls: [ { api, model, prompt, headers?, maxTokens?, includeUsage?, abortAfterChunks? }, ... ],
//         repeat?: n, concurrency?: c, durationMs?, pauseAfterErrorMs? }
// api: chat | chat-stream | responses | responses-stream | embeddings | messages | messages-stream | models
// The calls run `repeat` times (or until durationMs has passed), `concurrency` at a time. Each finished call prints
// one JSON line: { i, api, ok, status, requestId, model, cache, costUsd, text, usage, chunks, dims, attempts,
// error: { name, rateLimit, status, type, code, message }, ms }; the last line is { done: true, calls, ok }.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const spec = JSON.parse(await new Promise((resolve) => {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => { input += d; });
  process.stdin.on('end', () => resolve(input));
}));

// How many HTTP attempts each call made (the SDKs retry on their own): counted around the global fetch they use.
const attemptsOf = new Map();
const realFetch = globalThis.fetch;
globalThis.fetch = (url, init) => {
  const tag = init?.headers instanceof Headers ? init.headers.get('x-e2e-call') : init?.headers?.['x-e2e-call'];
  if (tag) attemptsOf.set(tag, (attemptsOf.get(tag) ?? 0) + 1);
  return realFetch(url, init);
};

const clientOptions = {
  apiKey: spec.apiKey,
  defaultHeaders: spec.headers ?? {},
  maxRetries: spec.maxRetries ?? 2,
  timeout: spec.timeoutMs ?? 60000,
};
const openai = new OpenAI({ ...clientOptions, baseURL: spec.openaiBaseURL });
const anthropic = new Anthropic({ ...clientOptions, baseURL: spec.anthropicBaseURL });

function finopsHeaders(response) {
  const h = (name) => response?.headers?.get(name) ?? null;
  return {
    requestId: h('x-finops-request-id'),
    model: h('x-finops-model'),
    cache: h('x-finops-cache'),
    costUsd: h('x-finops-cost-usd'),
    serverTiming: h('server-timing'),
  };
}

async function call(c, options) {
  const messages = [{ role: 'user', content: c.prompt }];
  const out = { text: '', chunks: 0 };
  const abortAfter = c.abortAfterChunks ?? Infinity;
  switch (c.api) {
    case 'chat': {
      const { data, response } = await openai.chat.completions
        .create({ model: c.model, messages, ...(c.maxTokens ? { max_tokens: c.maxTokens } : {}) }, options)
        .withResponse();
      return { ...out, ...finopsHeaders(response), text: data.choices[0].message.content, usage: data.usage,
        servedModel: data.model };
    }
    case 'chat-stream': {
      const { data: stream, response } = await openai.chat.completions
        .create({ model: c.model, messages, stream: true,
          ...(c.includeUsage ? { stream_options: { include_usage: true } } : {}) }, options)
        .withResponse();
      Object.assign(out, finopsHeaders(response));
      for await (const chunk of stream) {
        out.chunks++;
        out.text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) out.usage = chunk.usage;
        if (out.chunks >= abortAfter) { stream.controller.abort(); out.aborted = true; break; }
      }
      return out;
    }
    case 'responses': {
      const { data, response } = await openai.responses.create({ model: c.model, input: c.prompt }, options)
        .withResponse();
      return { ...out, ...finopsHeaders(response), text: data.output_text, usage: data.usage };
    }
    case 'responses-stream': {
      const { data: stream, response } = await openai.responses
        .create({ model: c.model, input: c.prompt, stream: true }, options).withResponse();
      Object.assign(out, finopsHeaders(response));
      for await (const event of stream) {
        out.chunks++;
        if (event.type === 'response.output_text.delta') out.text += event.delta;
        if (event.type === 'response.completed' || event.type === 'response.incomplete') {
          out.usage = event.response.usage;
          out.terminal = event.type;
        }
        if (out.chunks >= abortAfter) { stream.controller.abort(); out.aborted = true; break; }
      }
      return out;
    }
    case 'embeddings': {
      const { data, response } = await openai.embeddings.create({ model: c.model, input: c.prompt }, options)
        .withResponse();
      return { ...out, ...finopsHeaders(response), dims: data.data[0].embedding.length, usage: data.usage };
    }
    case 'models': {
      const { data, response } = await openai.models.list(options).withResponse();
      return { ...out, ...finopsHeaders(response), models: data.data.map((m) => m.id) };
    }
    case 'messages': {
      const { data, response } = await anthropic.messages
        .create({ model: c.model, max_tokens: c.maxTokens ?? 1024, messages }, options).withResponse();
      return { ...out, ...finopsHeaders(response), text: data.content[0].text, usage: data.usage };
    }
    case 'messages-stream': {
      const { data: stream, response } = await anthropic.messages
        .create({ model: c.model, max_tokens: c.maxTokens ?? 1024, messages, stream: true }, options)
        .withResponse();
      Object.assign(out, finopsHeaders(response));
      for await (const event of stream) {
        out.chunks++;
        if (event.type === 'message_start') out.usage = { ...event.message.usage };
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') out.text += event.delta.text;
        if (event.type === 'message_delta') out.usage = { ...out.usage, ...event.usage };
        if (out.chunks >= abortAfter) { stream.controller.abort(); out.aborted = true; break; }
      }
      return out;
    }
    default:
      throw new Error(`unknown api ${c.api}`);
  }
}

function describe(err) {
  const isRateLimit = err instanceof OpenAI.RateLimitError || err instanceof Anthropic.RateLimitError;
  const body = err?.error;
  return {
    name: err?.constructor?.name ?? 'Error',
    rateLimit: isRateLimit,
    status: err?.status ?? null,
    // OpenAI's SDK reads {"error":{...}} into err.type/err.code; Anthropic's keeps {"type":"error","error":{...}}
    type: err?.type ?? body?.error?.type ?? body?.type ?? null,
    code: err?.code ?? null,
    message: String(err?.message ?? err),
    shouldRetry: err?.headers?.get?.('x-should-retry') ?? null,
    retryAfter: err?.headers?.get?.('retry-after') ?? null,
    requestId: err?.headers?.get?.('x-finops-request-id') ?? null,
  };
}

const calls = spec.calls;
const total = spec.durationMs ? Infinity : (spec.repeat ?? 1) * calls.length;
const deadline = spec.durationMs ? Date.now() + spec.durationMs : Infinity;
let next = 0;
let ok = 0;
let finished = 0;

async function worker() {
  while (next < total && Date.now() < deadline) {
    const i = next++;
    const c = calls[i % calls.length];
    const tag = `call-${i}`;
    const started = Date.now();
    let line;
    try {
      const result = await call(c, { headers: { ...(c.headers ?? {}), 'x-e2e-call': tag } });
      line = { i, api: c.api, ok: true, status: 200, ...result };
      ok++;
    } catch (err) {
      line = { i, api: c.api, ok: false, status: err?.status ?? null, error: describe(err) };
      // a worker whose server is gone does not spin (maxRetries 0 fails at once)
      if (spec.pauseAfterErrorMs) await new Promise((r) => { setTimeout(r, spec.pauseAfterErrorMs); });
    }
    line.attempts = attemptsOf.get(tag) ?? 0;
    line.ms = Date.now() - started;
    finished++;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

await Promise.all(Array.from({ length: spec.concurrency ?? 1 }, worker));
process.stdout.write(`${JSON.stringify({ done: true, calls: finished, ok })}\n`);
