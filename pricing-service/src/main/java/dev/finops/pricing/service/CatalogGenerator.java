package dev.finops.pricing.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes the built-in catalog (catalog/price-catalog.json) from LiteLLM's price map, with the same conversion as the
 * import ({@link PriceMapEntry}): nothing in the catalog is typed by hand. The selection
 * (src/main/catalog/catalog-models.json) names each catalog model, its provider and the map entry it is read from.
 * Run by scripts/catalog-from-litellm.sh; CatalogGeneratorTest fails when the committed catalog differs from what
 * this makes from the committed copy of the map.
 */
public final class CatalogGenerator {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).enable(SerializationFeature.INDENT_OUTPUT);

    private CatalogGenerator() {
    }

    /** The map trimmed to the entries the selection reads, keys sorted. */
    public static ObjectNode trim(JsonNode map, JsonNode selection) {
        Map<String, JsonNode> kept = new TreeMap<>();
        for (JsonNode model : selection.get("models")) {
            String from = model.get("from").textValue();
            JsonNode entry = map.get(from);
            if (entry == null) {
                throw new IllegalArgumentException("the price map has no entry '" + from + "' for " + model.get("modelId"));
            }
            kept.put(from, entry);
        }
        ObjectNode trimmed = JSON.createObjectNode();
        kept.forEach(trimmed::set);
        return trimmed;
    }

    public static ObjectNode catalog(JsonNode map, JsonNode selection) {
        ObjectNode catalog = JSON.createObjectNode();
        for (String field : new String[] {"name", "asOf", "currency", "unit", "notice"}) {
            catalog.set(field, selection.get(field));
        }
        ArrayNode models = catalog.putArray("models");
        for (JsonNode model : selection.get("models")) {
            String from = model.get("from").textValue();
            PriceMapEntry.Parsed parsed = PriceMapEntry.parse(from, map.get(from));
            if (parsed.rate() == null) {
                throw new IllegalArgumentException("entry '" + from + "' cannot be a catalog rate: " + parsed.skipReason());
            }
            RateInput r = parsed.rate();
            ObjectNode m = models.addObject();
            m.put("modelId", model.get("modelId").textValue());
            m.put("provider", model.get("provider").textValue());
            m.put("input", r.inputRatePerKTokens());
            putIf(m, "cachedInput", r.cachedInputRatePerKTokens());
            putIf(m, "cacheWrite", r.cacheWriteRatePerKTokens());
            putIf(m, "cacheWrite1h", r.cacheWrite1hRatePerKTokens());
            m.put("output", r.outputRatePerKTokens());
            putIf(m, "reasoning", r.reasoningRatePerKTokens());
            if (!r.contextTiers().isEmpty()) {
                m.set("contextTiers", JSON.valueToTree(r.contextTiers()));
            }
            if (!r.serviceTiers().isEmpty()) {
                m.set("serviceTiers", JSON.valueToTree(new TreeMap<>(r.serviceTiers())));
            }
            putIf(m, "requestCostUsd", r.requestCostUsd());
            putIf(m, "searchQueryCostUsd", r.searchQueryCostUsd());
        }
        catalog.set("aliases", selection.get("aliases"));
        return catalog;
    }

    public static String write(JsonNode node) throws IOException {
        return JSON.writeValueAsString(node) + "\n";
    }

    private static void putIf(ObjectNode node, String field, java.math.BigDecimal value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Args: the LiteLLM map to read (a full download, or the committed copy), and the pricing-service directory. */
    public static void main(String[] args) throws IOException {
        Path map = Path.of(args[0]);
        Path module = Path.of(args.length > 1 ? args[1] : "pricing-service");
        JsonNode selection = JSON.readTree(module.resolve("src/main/catalog/catalog-models.json").toFile());
        ObjectNode trimmed = trim(JSON.readTree(map.toFile()), selection);
        Files.writeString(module.resolve("src/main/catalog/litellm-model-prices.json"), write(trimmed));
        Files.writeString(module.resolve("src/main/resources/catalog/price-catalog.json"),
                write(catalog(trimmed, selection)));
    }
}
