package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.AlertChannel;
import dev.finops.budget.error.DuplicateNameException;
import dev.finops.budget.error.Ids;
import dev.finops.budget.repository.ChannelRepository;
import dev.finops.budget.rest.ChannelRequest;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
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

/** Alert channels: validation per type, secrets sealed before they reach the database. */
@ApplicationScoped
public class ChannelService {

    private static final OwnerColumn OWNER = new OwnerColumn("alert_channels", "id");

    private final Pool pool;
    private final ChannelRepository channels;
    private final SecretBox secrets;
    private final AlertDestinations destinations;

    public ChannelService(Pool pool, ChannelRepository channels, SecretBox secrets, AlertDestinations destinations) {
        this.pool = pool;
        this.channels = channels;
        this.secrets = secrets;
        this.destinations = destinations;
    }

    public Uni<AlertChannel> create(ChannelRequest r) {
        return validated(r).flatMap(c -> pool.withTransaction(tx -> channels.insert(tx, c, secrets.seal(c.secret())))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("channel", c.name()))
                .replaceWith(c));
    }

    public Uni<AlertChannel> replace(UUID id, ChannelRequest r) {
        return validated(r).map(v -> withId(id, v)).flatMap(this::update);
    }

    private Uni<AlertChannel> update(AlertChannel c) {
        UUID id = c.id();
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, "alert channel " + id, id)
                        .chain(() -> channels.update(tx, c, secrets.seal(c.secret()))))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("channel", c.name()))
                .invoke(found -> {
                    if (!found) {
                        throw notFound(id);
                    }
                }).flatMap(x -> get(id));
    }

    public Uni<List<AlertChannel>> list() {
        return channels.list(pool, secrets::open);
    }

    public Uni<AlertChannel> get(UUID id) {
        return channels.find(pool, id, secrets::open).map(c -> c.orElseThrow(() -> notFound(id)));
    }

    public Uni<Void> delete(UUID id) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, "alert channel " + id, id)
                .chain(() -> channels.delete(tx, id))).invoke(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
        }).replaceWithVoid();
    }

    /**
     * Creates or updates the channel a resource describes (secrets already read from its Secrets), validated as the
     * REST API validates it; a channel of the same name that the API or another resource created is left alone (409).
     */
    public Uni<UUID> apply(ChannelRequest r, ResourceOwner owner) {
        return validated(r).flatMap(v -> applyValid(v, owner));
    }

    private Uni<UUID> applyValid(AlertChannel v, ResourceOwner owner) {
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> {
                    if (mine.isPresent()) {
                        AlertChannel c = withId(mine.get().getUUID(0), v);
                        // Unchanged (a restart re-applies every resource): keep it, and a 410's disabling with it.
                        return channels.find(tx, c.id(), secrets::open).flatMap(stored -> stored.isPresent()
                                && sameSettings(stored.get(), c) ? Uni.createFrom().item(c.id())
                                : channels.update(tx, c, secrets.seal(c.secret())).replaceWith(c.id()));
                    }
                    return channels.list(tx, s -> s).map(all -> all.stream().filter(c -> c.name().equals(v.name()))
                                    .map(AlertChannel::id).findFirst().orElse(null))
                            .call(same -> OWNER.claim(tx, owner, "alert channel '" + v.name() + "'", same))
                            .chain(() -> channels.insert(tx, v, secrets.seal(v.secret())))
                            .call(() -> OWNER.own(tx, owner, v.id())).replaceWith(v.id());
                }))
                .onFailure(Ids::isUniqueViolation).transform(e -> new DuplicateNameException("channel", v.name()));
    }

    /** Deletes the channel a resource created, if any. */
    public Uni<Void> removeOwned(ResourceOwner owner) {
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isPresent()
                ? channels.delete(tx, mine.get().getUUID(0)).replaceWithVoid() : Uni.createFrom().voidItem()));
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    private static boolean sameSettings(AlertChannel a, AlertChannel b) {
        return a.name().equals(b.name()) && a.type() == b.type() && Objects.equals(a.url(), b.url())
                && Objects.equals(a.secret(), b.secret()) && Objects.equals(a.emailTo(), b.emailTo())
                && a.minSeverity() == b.minSeverity() && Objects.equals(a.alertTypes(), b.alertTypes())
                && a.enabled() == b.enabled();
    }

    private static AlertChannel withId(UUID id, AlertChannel v) {
        return new AlertChannel(id, v.name(), v.type(), v.url(), v.secret(), v.emailTo(), v.minSeverity(),
                v.alertTypes(), v.enabled(), null, v.createdAt());
    }

    public static ProblemException notFound(Object id) {
        return new ProblemException(Response.Status.NOT_FOUND, "No alert channel with id " + id + ".");
    }

    /** Validation resolves the URL's host (SSRF guard), so it runs on a worker thread. */
    private Uni<AlertChannel> validated(ChannelRequest r) {
        return Uni.createFrom().item(() -> validate(r)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private AlertChannel validate(ChannelRequest r) {
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
        return new AlertChannel(UUID.randomUUID(), r.name().strip(), type, url, secret, r.emailTo(), min,
                r.alertTypes() == null || r.alertTypes().isEmpty() ? null : List.copyOf(r.alertTypes()),
                r.enabled() == null || r.enabled(), null, Instant.now());
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
