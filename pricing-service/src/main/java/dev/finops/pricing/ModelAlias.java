package dev.finops.pricing;

/** A name a model is also reported under (dated, provider-prefixed, Bedrock or Vertex style) and the model it means. */
public record ModelAlias(String alias, String modelId) {
}
