package dev.finops.gateway.limit.app;

import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.limit.store.LimitRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Rate limit definitions, for the admin API and the Kubernetes reconciler. A change takes effect on this replica when
 * the call completes and on the others within {@code finops.gateway.limits.refresh}.
 */
@ApplicationScoped
public class LimitService {

    static final int MAX_ID = 256;

    private final LimitRepository repository;
    private final LimitBook book;

    public LimitService(LimitRepository repository, LimitBook book) {
        this.repository = repository;
        this.book = book;
    }

    /** Creates or replaces the limit of one key (by key id), team or agent; {@code source}: "api" or the resource. */
    public Uni<RateLimit> put(LimitScope scope, String id, LimitSpec spec, String source) {
        return Uni.createFrom().deferred(() -> {
            validate(scope, id, spec);
            String from = source == null || source.isBlank() ? "api" : source;
            return repository.save(scope, id, spec.requestsPerMinute(), spec.tokensPerMinute(), from)
                    .call(book::refresh);
        });
    }

    /** Answers whether there was such a limit. */
    public Uni<Boolean> delete(LimitScope scope, String id) {
        return Uni.createFrom().deferred(() -> {
            validate(scope, id);
            return repository.delete(scope, id).call(deleted -> deleted ? book.refresh() : Uni.createFrom().voidItem());
        });
    }

    public Uni<List<RateLimit>> list() {
        return repository.all();
    }

    /** The limit, or NOT_FOUND. */
    public Uni<RateLimit> get(LimitScope scope, String id) {
        return Uni.createFrom().deferred(() -> {
            validate(scope, id);
            return repository.find(scope, id).onItem().ifNull().failWith(() -> new GatewayException(
                    GatewayException.Kind.NOT_FOUND, null, "There is no rate limit for " + scope.wire() + " '" + id
                    + "'."));
        });
    }

    private static void validate(LimitScope scope, String id, LimitSpec spec) {
        validate(scope, id);
        if (spec == null) {
            throw GatewayException.invalid("body", "send {requestsPerMinute, tokensPerMinute}");
        }
        positive("requestsPerMinute", spec.requestsPerMinute());
        positive("tokensPerMinute", spec.tokensPerMinute());
        if (spec.requestsPerMinute() == null && spec.tokensPerMinute() == null) {
            throw GatewayException.invalid("requestsPerMinute",
                    "set requestsPerMinute, tokensPerMinute or both (null = no limit of that kind, but not both null)");
        }
    }

    private static void validate(LimitScope scope, String id) {
        if (scope == null) {
            throw GatewayException.invalid("scope", "must be one of key, team, agent");
        }
        if (id == null || id.isBlank() || id.length() > MAX_ID) {
            throw GatewayException.invalid("id", "must be a non-empty id of at most " + MAX_ID + " characters");
        }
    }

    private static void positive(String field, Long value) {
        if (value != null && value <= 0) {
            throw GatewayException.invalid(field, "must be greater than 0, or null for no limit of that kind");
        }
    }
}
