package dev.finops.e2e;

/** Thread.sleep without the checked exception (an interrupt ends the caller). */
public final class Pause {

    private Pause() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
