package dev.finops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The operations a running service documents in its /q/openapi, with the roles its security names. */
final class OpenApi {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    record Operation(FinopsSuite.Service service, String method, String template, List<String> roles,
                     JsonNode requestSchema, JsonNode components) {

        /** A concrete URL: path parameters filled with values that exist nowhere. */
        String url() {
            String path = template.replace("{dimension}", "team").replace("{scope}", "team")
                    .replaceAll("\\{id}", UUID.randomUUID().toString()).replaceAll("\\{[^}]+}", "e2e-nothing");
            return Suite.get().url(service) + path;
        }

        boolean takesJson() {
            return requestSchema != null;
        }

        /** Authenticated but no role named: any valid key may call it. */
        boolean anyRole() {
            return roles.isEmpty();
        }

        @Override
        public String toString() {
            return service + " " + method + " " + template + " " + roles;
        }
    }

    private OpenApi() {
    }

    static List<Operation> of(FinopsSuite.Service service) {
        Http.Response r = Http.get(Suite.get().url(service) + "/q/openapi?format=json", null);
        SuiteApi.expect(200, r);
        JsonNode doc = r.json();
        List<Operation> ops = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            if (service == FinopsSuite.Service.gateway && path.getKey().startsWith("/v1/")) {
                return; // the provider-compatible routes answer in OpenAI's or Anthropic's shape: GatewayWireIT
            }
            List<String> roles = new ArrayList<>();
            op.getValue().path("security").forEach(req -> req.fields().forEachRemaining(
                    scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
            JsonNode schema = op.getValue().path("requestBody").path("content").path("application/json")
                    .path("schema");
            ops.add(new Operation(service, op.getKey().toUpperCase(), path.getKey(), roles,
                    schema.isMissingNode() ? null : schema, doc.path("components").path("schemas")));
        }));
        return ops;
    }

    static List<Operation> all() {
        List<Operation> ops = new ArrayList<>();
        for (FinopsSuite.Service s : FinopsSuite.Service.values()) {
            ops.addAll(of(s));
        }
        return ops;
    }
}
