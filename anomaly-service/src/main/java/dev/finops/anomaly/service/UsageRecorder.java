package dev.finops.anomaly.service;

import dev.finops.feed.FeedConsumer;
import dev.finops.anomaly.repository.SubjectTeamRepository;
import dev.finops.anomaly.repository.SubjectTeamRepository.SubjectTeam;
import dev.finops.feed.FeedEntry;
import dev.finops.anomaly.repository.SessionMinuteRepository;
import dev.finops.anomaly.repository.SessionMinuteRepository.SessionMinute;
import dev.finops.anomaly.repository.SpendHourRepository;
import dev.finops.anomaly.repository.SpendHourRepository.SpendHour;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds a page of the usage feed to the per-session minute buckets and the per-scope hourly spend, inside the
 * consumer's transaction. A revaluation corrects USD but is not a call; an unpriced call counts with 0 USD.
 */
@ApplicationScoped
public class UsageRecorder implements FeedConsumer.BatchHandler {

    private final SessionMinuteRepository minutes;
    private final SpendHourRepository hours;
    private final BurnRateWindows windows;
    private final SubjectTeamRepository teams;

    public UsageRecorder(SessionMinuteRepository minutes, SpendHourRepository hours, BurnRateWindows windows,
                         SubjectTeamRepository teams) {
        this.teams = teams;
        this.minutes = minutes;
        this.hours = hours;
        this.windows = windows;
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, List<FeedEntry> entries) {
        Map<String, SessionMinute> perMinute = new LinkedHashMap<>();
        Map<String, SpendHour> perHour = new LinkedHashMap<>();
        Map<String, SubjectTeam> subjects = new LinkedHashMap<>();
        for (FeedEntry e : entries) {
            if (e.timestamp() == null) {
                continue;
            }
            team(subjects, "agent", e.agentId(), e.teamId());
            team(subjects, "feature", e.feature(), e.teamId());
            if (e.sessionKey() != null) {
                addMinute(perMinute, e);
            }
            Instant hour = e.timestamp().truncatedTo(ChronoUnit.HOURS);
            addHour(perHour, "org", "*", hour, e);
            addHour(perHour, "team", e.teamId(), hour, e);
            addHour(perHour, "agent", e.agentId(), hour, e);
            addHour(perHour, "feature", e.feature(), hour, e);
        }
        windows.touched(perMinute.values().stream().map(SessionMinute::sessionKey).toList());
        return minutes.add(tx, List.copyOf(perMinute.values())).chain(() -> hours.add(tx, List.copyOf(perHour.values())))
                .chain(() -> teams.record(tx, List.copyOf(subjects.values())));
    }

    /** The team a subject reported for in this page (usage without a team says nothing of it); two teams: shared. */
    private static void team(Map<String, SubjectTeam> acc, String scope, String id, String teamId) {
        if (id == null || id.isBlank() || teamId == null || teamId.isBlank()) {
            return;
        }
        acc.merge(scope + "|" + id, new SubjectTeam(scope, id, teamId, false), (a, b) -> a.shared()
                || !a.teamId().equals(b.teamId()) ? new SubjectTeam(scope, id, null, true) : a);
    }

    private static void addMinute(Map<String, SessionMinute> acc, FeedEntry e) {
        Instant minute = e.timestamp().truncatedTo(ChronoUnit.MINUTES);
        SessionMinute delta = new SessionMinute(e.sessionKey(), minute, e.agentId(), e.teamId(), usd(e),
                e.isCall() ? 1 : 0, e.isCall() ? e.tokens() : 0, e.isError() ? 1 : 0, e.timestamp());
        acc.merge(e.sessionKey() + "|" + minute, delta, (a, b) -> new SessionMinute(a.sessionKey(), minute,
                b.agentId() != null ? b.agentId() : a.agentId(), b.teamId() != null ? b.teamId() : a.teamId(),
                a.usd().add(b.usd()), a.calls() + b.calls(), a.tokens() + b.tokens(), a.errors() + b.errors(),
                a.lastEventAt().isAfter(b.lastEventAt()) ? a.lastEventAt() : b.lastEventAt()));
    }

    private static void addHour(Map<String, SpendHour> acc, String scope, String id, Instant hour, FeedEntry e) {
        if (id == null || id.isBlank()) {
            return;
        }
        SpendHour delta = new SpendHour(scope, id, hour, usd(e), e.isCall() ? 1 : 0, e.isCall() ? e.tokens() : 0,
                e.isError() ? 1 : 0);
        acc.merge(scope + "|" + id + "|" + hour, delta, (a, b) -> new SpendHour(scope, id, hour, a.usd().add(b.usd()),
                a.calls() + b.calls(), a.tokens() + b.tokens(), a.errors() + b.errors()));
    }

    private static BigDecimal usd(FeedEntry e) {
        return e.costUsd() == null ? BigDecimal.ZERO : e.costUsd();
    }
}
