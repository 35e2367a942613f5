package dev.finops.gateway.limit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reset headers read as OpenAI's (Go's time.Duration). */
class RateLimitHeadersTest {

    @Test
    void durationsAreWrittenTheWayGoWritesThem() {
        assertEquals("0s", RateLimitHeaders.goDuration(0));
        assertEquals("250ms", RateLimitHeaders.goDuration(250));
        assertEquals("1s", RateLimitHeaders.goDuration(1000));
        assertEquals("12s", RateLimitHeaders.goDuration(12_000));
        assertEquals("12.5s", RateLimitHeaders.goDuration(12_500));
        assertEquals("59.999s", RateLimitHeaders.goDuration(59_999));
        assertEquals("1m0s", RateLimitHeaders.goDuration(60_000));
        assertEquals("1m1.25s", RateLimitHeaders.goDuration(61_250));
    }
}
