package dev.finops.gateway.proxy.api;

import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import dev.finops.gateway.provider.app.ProviderCatalog;
import dev.finops.gateway.wire.WireApi;
import dev.finops.http.auth.ApiKeyVerifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * GET /v1/models: the models a suite key may call through this gateway, in OpenAI's list shape, or Anthropic's when
 * the caller sends anthropic-version (the Anthropic SDK does).
 */
@ApplicationScoped
public class ModelList {

    private final ApiKeyVerifier keys;
    private final ProviderCatalog catalog;

    public ModelList(ApiKeyVerifier keys, ProviderCatalog catalog) {
        this.keys = keys;
        this.catalog = catalog;
    }

    void handle(RoutingContext ctx) {
        boolean anthropic = ctx.request().getHeader("anthropic-version") != null;
        WireApi api = anthropic ? WireApi.MESSAGES : WireApi.CHAT;
        String key = ProxyRoutes.presentedKey(ctx.request());
        Uni<Boolean> known = key == null || key.isBlank() ? Uni.createFrom().item(false)
                : keys.verify(key.trim()).map(p -> p.isPresent());
        known.subscribe().with(ok -> {
            if (!ok) {
                ErrorWriter.write(ctx.response(), api, "models", new GatewayException(Kind.UNAUTHENTICATED, null,
                        "Send your FinOps suite key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."));
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json")
                    .end((anthropic ? anthropicList(catalog.models("anthropic")) : openAiList()).encode());
        }, e -> ErrorWriter.write(ctx.response(), api, "models", e));
    }

    private JsonObject openAiList() {
        JsonArray data = new JsonArray();
        for (String type : List.of("openai", "anthropic")) {
            catalog.models(type).forEach(m -> data.add(new JsonObject().put("id", m).put("object", "model")
                    .put("created", 0).put("owned_by", type)));
        }
        return new JsonObject().put("object", "list").put("data", data);
    }

    private static JsonObject anthropicList(List<String> models) {
        JsonArray data = new JsonArray();
        models.forEach(m -> data.add(new JsonObject().put("type", "model").put("id", m).put("display_name", m)
                .put("created_at", "1970-01-01T00:00:00Z")));
        return new JsonObject().put("data", data).put("has_more", false)
                .put("first_id", models.isEmpty() ? null : models.get(0))
                .put("last_id", models.isEmpty() ? null : models.get(models.size() - 1));
    }
}
