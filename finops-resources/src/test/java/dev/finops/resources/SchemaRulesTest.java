package dev.finops.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the API server refuses before a service sees it: bounds, enums, unknown fields, cross-field CEL rules. */
class SchemaRulesTest {

    private static List<String> violations(Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> kind,
                                           String yaml) throws IOException {
        JsonNode node = ResourceModelTest.YAML.readTree(yaml);
        return ResourceSchemas.violations(kind, node);
    }

    @Test
    void aGlobalRoutingPolicyHasNoScopeIdAndRuleNamesAreUnique() throws IOException {
        assertEquals(List.of("spec: a global policy has no scopeId; a team or agent policy needs one",
                        "spec: rule names must be unique"),
                violations(RoutingPolicy.class, """
                        spec:
                          scope: global
                          scopeId: search
                          defaultModel: gpt-4o
                          rules:
                            - {name: a, condition: "true", model: gpt-4o-mini}
                            - {name: a, condition: "false", model: gpt-4o-mini}
                        """));
        assertEquals(List.of("spec: a global policy has no scopeId; a team or agent policy needs one"),
                violations(RoutingPolicy.class, "spec: {scope: team, defaultModel: gpt-4o}"));
        assertEquals(List.of("spec.rules[0].name: 'default' and 'allowlist' are reserved rule names"),
                violations(RoutingPolicy.class, """
                        spec: {scope: global, defaultModel: m, rules: [{name: default, condition: x, model: m}]}"""));
    }

    @Test
    void anAlertChannelNeedsWhatItsTypeNeeds() throws IOException {
        assertEquals(List.of("spec: a webhook channel needs url (or urlSecretRef) and secretRef (its whsec_ signing secret)"),
                violations(AlertChannel.class, "spec: {type: webhook, url: 'https://x.example'}"));
        assertEquals(List.of("spec: a pagerduty channel needs secretRef (the Events v2 routing key)"),
                violations(AlertChannel.class, "spec: {type: pagerduty}"));
        assertEquals(List.of("spec: give url or urlSecretRef, not both"), violations(AlertChannel.class, """
                spec: {type: slack, url: 'https://hooks.slack.com/x', urlSecretRef: {name: s, key: url}}"""));
        assertEquals(List.of("spec.type: must be one of [\"webhook\",\"slack\",\"pagerduty\",\"alertmanager\",\"email\"]"),
                violations(AlertChannel.class, "spec: {type: sms}"));
        assertEquals(List.of(), violations(AlertChannel.class, "spec: {type: email, emailTo: oncall@example.com}"));
    }

    @Test
    void boundsRequiredFieldsAndUnknownFields() throws IOException {
        assertEquals(List.of("spec.amountUsd: must be greater than 0", "spec.colour: unknown field"),
                violations(Budget.class, "spec: {period: monthly, amountUsd: 0, colour: red}"));
        assertEquals(List.of("spec.period: is required", "spec.amountUsd: is required"),
                violations(Budget.class, "spec: {}"));
        assertEquals(List.of("spec.similarityThreshold: must be at most 1", "spec.maxEntries: must be of type integer"),
                violations(CachePolicy.class, "spec: {namespace: n, similarityThreshold: 1.5, maxEntries: 2.5}"));
        assertEquals(List.of("spec.modelId: must match ^\\S+$"),
                violations(ModelPrice.class, "spec: {modelId: 'gpt 4', inputRatePerKTokens: 1, outputRatePerKTokens: 2}"));
    }

    @Test
    void anLlmProviderTakesItsKeyFromASecretOnly() throws IOException {
        assertEquals(List.of("spec.apiKeySecretRef: is required", "spec.apiKey: unknown field"),
                violations(LlmProvider.class, """
                        spec: {type: openai, baseUrl: 'https://api.openai.com/v1', apiKey: sk-x, models: [gpt-4o]}"""));
        assertEquals(List.of("spec.type: must be one of [\"openai\",\"anthropic\"]", "spec.models: at least 1 items",
                        "spec.fallbacks.gpt-4o: at least 1 items"),
                violations(LlmProvider.class, """
                        spec: {type: gemini, baseUrl: 'https://x.example', apiKeySecretRef: {name: s, key: k},
                               models: [], fallbacks: {gpt-4o: []}}"""));
        assertEquals(List.of("spec.baseUrl: must match ^https?://"), violations(LlmProvider.class, """
                spec: {type: anthropic, baseUrl: api.anthropic.com, apiKeySecretRef: {name: s, key: k}, models: ['*']}"""));
    }

    @Test
    void anLlmRateLimitNeedsAScopeAnIdAndAtLeastOneLimit() throws IOException {
        assertEquals(List.of("spec: set requestsPerMinute, tokensPerMinute or both"),
                violations(LlmRateLimit.class, "spec: {scope: team, id: search}"));
        assertEquals(List.of("spec.scope: must be one of [\"key\",\"team\",\"agent\"]",
                        "spec.requestsPerMinute: must be at least 1"),
                violations(LlmRateLimit.class, "spec: {scope: org, id: x, requestsPerMinute: 0}"));
        assertEquals(List.of("spec.id: is required"), violations(LlmRateLimit.class, "spec: {scope: agent, tokensPerMinute: 1000}"));
        assertEquals(List.of(), violations(LlmRateLimit.class, "spec: {scope: key, id: k-1, tokensPerMinute: 1000}"));
    }
}
