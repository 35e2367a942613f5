package dev.finops.gateway.proxy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.finops.gateway.attribution.Attribution;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.wire.WireApi;
import dev.finops.gateway.wire.WireRequest;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionReaderTest {

    private static final Caller CALLER = new Caller("key-1", "research");

    @Test
    void headersWinOverTheBodyAndTheTeamComesFromTheKey() {
        WireRequest body = chat("{\"user\":\"cust-from-body\",\"metadata\":{\"agent\":\"meta-agent\",\"ticket\":\"T-9\","
                + "\"feature\":\"meta-feature\"}}");
        Attribution who = new AttributionReader(List.of()).read(CALLER, headers(Map.of("x-finops-agent", "bot",
                "x-finops-tags", "env=x, cost-center=42")), body);

        assertEquals("research", who.teamId());
        assertEquals("bot", who.agentId(), "the header wins");
        assertEquals("meta-feature", who.feature(), "metadata fills what the headers leave unset");
        assertEquals("cust-from-body", who.customerId(), "OpenAI's user is the customer");
        assertEquals(Map.of("ticket", "T-9", "env", "x", "cost-center", "42"), who.tags());
    }

    @Test
    void aRequiredTagIsA400NamingItsHeader() {
        GatewayException e = assertThrows(GatewayException.class, () -> new AttributionReader(List.of("agent"))
                .read(CALLER, headers(Map.of()), chat("{}")));
        assertEquals("X-FinOps-Agent", e.param());
        assertEquals(GatewayException.Kind.INVALID, e.kind());
    }

    @Test
    void badTagsAreNamed() {
        GatewayException e = assertThrows(GatewayException.class, () -> new AttributionReader(List.of())
                .read(CALLER, headers(Map.of("x-finops-tags", "novalue")), chat("{}")));
        assertEquals("X-FinOps-Tags", e.param());
    }

    @Test
    void anUnknownRequiredTagIsAConfigurationError() {
        assertThrows(IllegalStateException.class, () -> new AttributionReader(List.of("colour")));
    }

    @Test
    void noCustomerWithoutHeaderOrUser() {
        assertNull(new AttributionReader(List.of()).read(CALLER, headers(Map.of()), chat("{}")).customerId());
    }

    private static CallHeaders headers(Map<String, String> values) {
        return new CallHeaders(values);
    }

    /** A chat request with these extra top-level fields. */
    private static WireRequest chat(String extra) {
        String fields = extra.substring(1, extra.length() - 1);
        return WireRequest.parse(WireApi.CHAT, Buffer.buffer("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]" + (fields.isEmpty() ? "" : "," + fields) + "}"));
    }
}
