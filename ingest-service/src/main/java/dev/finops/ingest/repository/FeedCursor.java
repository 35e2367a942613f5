package dev.finops.ingest.repository;

/**
 * A position in the usage feed: the transaction id (xid8) and sequence of the last event read,
 * written {@code <txId>-<seq>}. The empty cursor starts at the beginning.
 */
public record FeedCursor(long txId, long seq) {

    public static final FeedCursor START = new FeedCursor(0, 0);

    public static FeedCursor parse(String value) {
        if (value == null || value.isBlank() || value.equals("0")) {
            return START;
        }
        int dash = value.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("a cursor looks like '<txId>-<seq>', as returned in nextCursor");
        }
        try {
            return new FeedCursor(Long.parseUnsignedLong(value.substring(0, dash)),
                    Long.parseLong(value.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a cursor looks like '<txId>-<seq>', as returned in nextCursor");
        }
    }

    public String encode() {
        return Long.toUnsignedString(txId) + "-" + seq;
    }
}
