package dev.finops.budget.service;

import dev.finops.budget.repository.PeriodSpend;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Headroom this replica reserved in Postgres for one hard-capped budget and period (a reservation row without an
 * event id), handed out to checks from memory until it is used up, ends, or is retired by its successor.
 */
final class BudgetLease {

    final UUID id;
    final UUID budgetId;
    final BigDecimal limitUsd;
    final BigDecimal grantedUsd;
    /** The period right after the grant (less what the predecessor returns): what answers start from. */
    final PeriodSpend atGrant;
    /** From when (System.nanoTime) a snapshot read shows this lease, and its predecessor settled, as they are. */
    private volatile long settledNanos = Long.MAX_VALUE;
    private final Instant usableUntil;
    private final Instant renewFrom;
    private BigDecimal unusedUsd;
    private boolean retired;

    BudgetLease(UUID id, UUID budgetId, BigDecimal limitUsd, BigDecimal grantedUsd, PeriodSpend atGrant,
                Instant usableUntil, Instant renewFrom) {
        this.id = id;
        this.budgetId = budgetId;
        this.limitUsd = limitUsd;
        this.grantedUsd = grantedUsd;
        this.atGrant = atGrant;
        this.usableUntil = usableUntil;
        this.renewFrom = renewFrom;
        this.unusedUsd = grantedUsd;
    }

    /** Takes {@code amount}: answers what is left unused after it, or null when it does not fit or the lease ended. */
    synchronized BigDecimal take(BigDecimal amount, Instant now) {
        if (retired || !now.isBefore(usableUntil) || unusedUsd.compareTo(amount) < 0) {
            return null;
        }
        unusedUsd = unusedUsd.subtract(amount);
        return unusedUsd;
    }

    /** Returns an amount a check took but did not use (another budget of the check had no room in its lease). */
    synchronized void giveBack(BigDecimal amount) {
        if (!retired) {  // once retired, what was taken counts as used: held a little longer, never short
            unusedUsd = unusedUsd.add(amount);
        }
    }

    /** Ends the lease for checks; answers what it never handed out, or null when it had ended already. */
    synchronized BigDecimal retire() {
        if (retired) {
            return null;
        }
        retired = true;
        return unusedUsd;
    }

    synchronized BigDecimal unused() {
        return unusedUsd;
    }

    synchronized boolean covers(BigDecimal amount, Instant now) {
        return !retired && now.isBefore(usableUntil) && unusedUsd.compareTo(amount) >= 0;
    }

    /** Time to grant the next one in the background: late in its life, or mostly handed out. */
    synchronized boolean dueForRenewal(Instant now) {
        return !now.isBefore(renewFrom) || unusedUsd.multiply(BigDecimal.valueOf(4)).compareTo(grantedUsd) < 0;
    }

    void settled() {
        settledNanos = System.nanoTime();
    }

    /** Whether a snapshot read at {@code nanos} shows this lease, and no longer its predecessor's unused part. */
    boolean shownBySnapshotRead(long nanos) {
        long settled = settledNanos;
        return settled != Long.MAX_VALUE && nanos - settled > 0;
    }

    boolean endedBy(Instant now) {
        return !now.isBefore(usableUntil);
    }
}
