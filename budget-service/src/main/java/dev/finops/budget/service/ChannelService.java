package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.AlertChannel;
import dev.finops.budget.error.DuplicateNameException;
import dev.finops.budget.error.Ids;
import dev.finops.budget.repository.ChannelRepository;
import dev.finops.budget.rest.ChannelRequest;
import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Alert channels: validation per type, secrets sealed before they reach the database, each owned by a team or the
 * org ({@link ChannelOwnership}); every change is written to the audit trail in its own transaction.
 */
@ApplicationScoped
public class ChannelService {

    private static final OwnerColumn OWNER = new OwnerColumn("alert_channels", "id");

    private final Pool pool;
    private final ChannelRepository channels;
    private final SecretBox secrets;
    private final AlertDestinations destinations;
    private final AuditTrail audit;

    public ChannelService(Pool pool, ChannelRepository channels, SecretBox secrets, AlertDestinations destinations,
                          AuditTrail audit) {
        this.audit = audit;
        this.pool = pool;
        this.channels = channels;
        this.secrets = secrets;
        this.destinations = destinations;
    }

    public Uni<AlertChannel> create(ChannelRequest r, TeamScope caller, Actor actor) {
        return validated(r, caller).flatMap(c -> pool.withTransaction(tx -> channels.insert(tx, c, secrets.seal(c.secret()))
                        .chain(() -> audit.record(tx, actor, change("create", c.id(), c.teamId(), null, c))))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("channel", c.name()))
                .replaceWith(c));
    }

    /** A replacement that names no teamId keeps the channel's owner. */
    public Uni<AlertChannel> replace(UUID id, ChannelRequest r, TeamScope caller, Actor actor) {
        return validated(r, caller).flatMap(v -> pool.withTransaction(tx -> visible(tx, id, caller).flatMap(before -> {
                    AlertChannel c = withId(id, v, r.teamId() == null ? before.teamId() : v.teamId());
                    return OWNER.refuseIfManaged(tx, "alert channel " + id, id)
                            .chain(() -> channels.update(tx, c, secrets.seal(c.secret())))
                            .chain(() -> visible(tx, id, TeamScope.org()))
                            .call(after -> audit.record(tx, actor, change("update", id, after.teamId(), before, after)));
                }))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("channel", v.name())));
    }

    /** The channels the caller may manage: a team key's team's; an org key's every channel, or one team's. */
    public Uni<List<AlertChannel>> list(TeamScope caller, String teamId) {
        String team = caller.resolve("teamId", teamId);
        return team == null ? channels.list(pool, secrets::open) : channels.listOwnedBy(pool, team, secrets::open);
    }

    public Uni<AlertChannel> get(UUID id, TeamScope caller) {
        return visible(pool, id, caller);
    }

    public Uni<Void> delete(UUID id, TeamScope caller, Actor actor) {
        return pool.withTransaction(tx -> visible(tx, id, caller)
                .call(() -> OWNER.refuseIfManaged(tx, "alert channel " + id, id))
                .call(() -> channels.delete(tx, id))
                .call(before -> audit.record(tx, actor, change("delete", id, before.teamId(), before, null))))
                .replaceWithVoid();
    }

    /** The channel, unless it is absent or of another team than the caller's (both 404: nothing is learned). */
    private Uni<AlertChannel> visible(SqlClient sql, UUID id, TeamScope caller) {
        return channels.find(sql, id, secrets::open)
                .map(c -> c.filter(found -> caller.permits(found.teamId())).orElseThrow(() -> notFound(id)));
    }

    /**
     * Creates or updates the channel a resource describes (secrets already read from its Secrets), validated as the
     * REST API validates it for the scope of the resource's namespace; a channel of the same name that the API or
     * another resource created is left alone (409).
     */
    public Uni<UUID> apply(ChannelRequest r, ResourceOwner owner, TeamScope scope) {
        return validated(r, scope).flatMap(v -> applyValid(v, owner));
    }

    private Uni<UUID> applyValid(AlertChannel v, ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> {
                    if (mine.isPresent()) {
                        AlertChannel c = withId(mine.get().getUUID(0), v);
                        // Unchanged (a restart re-applies every resource): keep it, and a 410's disabling with it.
                        return channels.find(tx, c.id(), secrets::open).flatMap(stored -> stored.isPresent()
                                && sameSettings(stored.get(), c) ? Uni.createFrom().item(c.id())
                                : channels.update(tx, c, secrets.seal(c.secret()))
                                        .chain(() -> channels.find(tx, c.id(), secrets::open))
                                        .call(after -> audit.record(tx, actor, change("update", c.id(), c.teamId(),
                                                stored.orElse(null), after.orElse(null))))
                                        .replaceWith(c.id()));
                    }
                    return channels.listOwnedBy(tx, v.teamId(), s -> s).map(all -> all.stream()
                                    .filter(c -> c.name().equals(v.name())).map(AlertChannel::id).findFirst().orElse(null))
                            .call(same -> OWNER.claim(tx, owner, "alert channel '" + v.name() + "'", same))
                            .chain(() -> channels.insert(tx, v, secrets.seal(v.secret())))
                            .call(() -> OWNER.own(tx, owner, v.id()))
                            .call(() -> audit.record(tx, actor, change("create", v.id(), v.teamId(), null, v)))
                            .replaceWith(v.id());
                }))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("channel", v.name()));
    }

    /** Deletes the channel a resource created, if any. */
    public Uni<Void> removeOwned(ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> {
            if (mine.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            UUID id = mine.get().getUUID(0);
            return channels.find(tx, id, secrets::open).call(() -> channels.delete(tx, id))
                    .call(before -> audit.record(tx, actor, change("delete", id,
                            before.map(AlertChannel::teamId).orElse(null), before.orElse(null), null)))
                    .replaceWithVoid();
        }));
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    /** A channel change for the audit trail; the secret never is in it (not serialised: only hasSecret). */
    private static AuditTrail.Change change(String action, UUID id, String teamId, AlertChannel before,
                                            AlertChannel after) {
        return new AuditTrail.Change("channel", action, id.toString(), teamId, before, after);
    }

    private static boolean sameSettings(AlertChannel a, AlertChannel b) {
        return a.name().equals(b.name()) && a.type() == b.type() && Objects.equals(a.url(), b.url())
                && Objects.equals(a.secret(), b.secret()) && Objects.equals(a.emailTo(), b.emailTo())
                && a.minSeverity() == b.minSeverity() && Objects.equals(a.alertTypes(), b.alertTypes())
                && a.enabled() == b.enabled() && Objects.equals(a.teamId(), b.teamId())
                && Objects.equals(a.scopes(), b.scopes());
    }

    private static AlertChannel withId(UUID id, AlertChannel v) {
        return withId(id, v, v.teamId());
    }

    private static AlertChannel withId(UUID id, AlertChannel v, String teamId) {
        return new AlertChannel(id, v.name(), teamId, v.type(), v.url(), v.secret(), v.emailTo(), v.minSeverity(),
                v.alertTypes(), v.scopes(), v.enabled(), null, v.createdAt());
    }

    public static ProblemException notFound(Object id) {
        return new ProblemException(Response.Status.NOT_FOUND, "No alert channel with id " + id + ".");
    }

    /** Validation resolves the URL's host (SSRF guard), so it runs on a worker thread. */
    private Uni<AlertChannel> validated(ChannelRequest r, TeamScope caller) {
        return Uni.createFrom().item(() -> validate(r, caller)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private AlertChannel validate(ChannelRequest r, TeamScope caller) {
        if (r == null) {
            throw ProblemException.badRequest("body", "send a channel as a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || r.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        }
        AlertChannel.Type type = null;
        try {
            type = AlertChannel.Type.parse(r.type());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("type", e.getMessage()));
        }
        Alert.Severity min = Alert.Severity.info;
        try {
            min = r.minSeverity() == null ? Alert.Severity.info : Alert.Severity.parse(r.minSeverity());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("minSeverity", e.getMessage()));
        }
        String url = r.url();
        String secret = r.secret();
        if (type != null) {
            switch (type) {
                case webhook -> {
                    requireUrl(url, errors);
                    if (secret == null || !secret.startsWith("whsec_") || !base64(secret.substring(6))) {
                        errors.add(new FieldError("secret", "a Standard Webhooks secret: 'whsec_' + base64 key"));
                    }
                }
                case slack -> {
                    requireUrl(url, errors);
                    secret = url;
                    url = null;
                }
                case pagerduty -> {
                    if (secret == null || secret.isBlank()) {
                        errors.add(new FieldError("secret", "the PagerDuty integration (routing) key is required"));
                    }
                    if (url != null) {
                        requireUrl(url, errors);
                    }
                }
                case alertmanager -> requireUrl(url, errors);
                case email -> {
                    if (r.emailTo() == null || !r.emailTo().matches("[^@\\s]+@[^@\\s]+")) {
                        errors.add(new FieldError("emailTo", "an email address is required"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
        ChannelOwnership owner = ChannelOwnership.of(r, caller);
        return new AlertChannel(UUID.randomUUID(), r.name().strip(), owner.teamId(), type, url, secret, r.emailTo(), min,
                r.alertTypes() == null || r.alertTypes().isEmpty() ? null : List.copyOf(r.alertTypes()),
                owner.scopes(), r.enabled() == null || r.enabled(), null, Instant.now());
    }

    private void requireUrl(String url, List<FieldError> errors) {
        try {
            URI u = URI.create(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                errors.add(new FieldError("url", "an http(s) URL is required"));
            } else {
                destinations.refusal(u).ifPresent(why -> errors.add(new FieldError("url", why)));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(new FieldError("url", "an http(s) URL is required"));
        }
    }

    private static boolean base64(String s) {
        try {
            return Base64.getDecoder().decode(s).length >= 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
