package dev.finops.testing.llm;

/** A misbehaviour planned for a coming request. */
sealed interface StubFault {

    /** Answer this status in the provider's error shape (429, 503 and 529 with retry-after when it is set). */
    record Status(int status, Integer retryAfterSeconds) implements StubFault {
    }

    /** Never answer (the connection stays open until the client gives up or the stub closes). */
    record Hang() implements StubFault {
    }

    /** A stream: close the connection after this many frames, with no terminal event. */
    record Cut(int afterFrames) implements StubFault {
    }

    /** A stream: after this many frames send the provider's mid-stream error event and end. */
    record ErrorEvent(int afterFrames) implements StubFault {
    }
}
