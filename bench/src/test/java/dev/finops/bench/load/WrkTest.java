package dev.finops.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrkTest {

    @Test
    void readsTheResultLineOfTheLuaDoneHook() throws Exception {
        Wrk.Run run = Wrk.parse("""
                Running 10s test @ http://localhost:9301/api/v1/usage
                  2 threads and 8 connections
                BENCH_RESULT {"requests":2500,"duration_us":10000000,"status":20,"connect":0,"read":1,"write":0,"timeout":2,"p50_us":3100,"p99_us":9000}
                """);
        assertEquals(2480, run.acknowledged(), "answers that were not 2xx are not acknowledged events");
        assertEquals(3, run.socketErrors());
        assertEquals(10.0, run.seconds());
        assertEquals(9.0, run.p99Millis());
    }

    @Test
    void failsWithoutAResultLine() {
        assertThrows(IllegalStateException.class, () -> Wrk.parse("unable to connect to localhost:9301"));
    }

    @Test
    void theScriptMakesEveryEventIdUniquePerThreadAndRequest() {
        String lua = Wrk.lua("secret", 100, "tp-b-0-run", "2026-01-01T00:00:00Z");
        assertTrue(lua.contains("\"eventId\":\"tp-b-0-run-%d-%d\""), lua);
        assertTrue(lua.contains("Bearer secret"));
        assertTrue(lua.contains("for i = 1, 100 do"));
    }
}
