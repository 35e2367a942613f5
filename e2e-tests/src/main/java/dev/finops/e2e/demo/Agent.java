package dev.finops.e2e.demo;

import java.util.List;

/**
 * One agent of the demo fleet: who it belongs to, the model it asks for, the questions it gets, and its normal
 * burn rate (a manual baseline, above what its sessions burn in the demo). {@code cacheNamespace} null: the agent
 * does not use the semantic cache. {@code gateway} null: the agent calls the suite's APIs itself (routing, cache,
 * budget check, usage report); "openai" or "anthropic": it only speaks that provider's wire to gateway-service.
 */
record Agent(String id, String team, String feature, List<String> customers, String model, int inputTokens,
             int outputTokens, String cacheNamespace, List<String> questions, String baselineUsdPerHour,
             String gateway) {

    Agent(String id, String team, String feature, List<String> customers, String model, int inputTokens,
          int outputTokens, String cacheNamespace, List<String> questions, String baselineUsdPerHour) {
        this(id, team, feature, customers, model, inputTokens, outputTokens, cacheNamespace, questions,
                baselineUsdPerHour, null);
    }

    static List<Agent> fleet() {
        List<String> supportQuestions = List.of(
                "How do I reset my password?",
                "How do I reset my password?",
                "how do i reset my password",
                "What is your refund policy for annual plans?",
                "What is the refund policy for annual plans?",
                "Can I change the email address on my account?",
                "Where can I download my invoices?",
                "Where do I download my invoices?");
        List<String> internalQuestions = List.of(
                "What is the parental leave policy?",
                "How many vacation days do new employees get?",
                "What is the parental leave policy?",
                "Who approves travel expenses?",
                "Who approves travel expenses over the limit?",
                "How do I book a meeting room?");
        return List.of(
                new Agent("support-bot", "support", "helpdesk", List.of("acme", "globex", "initech"), "gpt-4o", 1800,
                        350, "support-faq", supportQuestions, "0.50"),
                new Agent("summariser", "content", "summaries", List.of("acme", "umbrella"), "claude-3-5-haiku", 6000,
                        500, null, List.of(), "1.00"),
                new Agent("code-reviewer", "engineering", "code-review", List.of("internal"), "claude-sonnet-4", 9000,
                        1200, null, List.of(), "3.00"),
                new Agent("sales-writer", "sales", "outreach", List.of("globex", "hooli", "acme"), "gpt-4o", 2500, 900,
                        null, List.of(), "2.00"),
                new Agent("internal-qa", "internal", "knowledge-base", List.of("internal"), "gpt-4.1-mini", 3000, 400,
                        "internal-kb", internalQuestions, "0.50"),
                // through the gateway: tokens come from the provider's usage, not from the agent
                new Agent("triage-bot", "support", "ticket-triage", List.of("acme", "globex"), GatewayFleet.GPT, 0, 0,
                        "triage-faq", supportQuestions, "0.50", "openai"),
                new Agent("proposal-drafter", "sales", "proposals", List.of("hooli", "acme"), GatewayFleet.CLAUDE, 0,
                        0, null, List.of("Draft a proposal for a 50-seat annual plan.",
                        "Draft a renewal offer with a 10 % discount.", "Summarise the customer's last three calls."),
                        "2.00", "anthropic"));
    }
}
