package dev.finops.gateway.limit.app;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

// placeholder: the real one comes from branch gw-store (only its signatures are needed here, by LlmRateLimitReconciler)
/** The rate limits per key, team or agent (REST and LLMRateLimit resources). */
@ApplicationScoped
public class LimitService {

    public Uni<RateLimit> put(LimitScope scope, String id, LimitSpec spec, String source) {
        throw new UnsupportedOperationException("placeholder: the real LimitService comes from branch gw-store");
    }

    public Uni<Boolean> delete(LimitScope scope, String id) {
        throw new UnsupportedOperationException("placeholder: the real LimitService comes from branch gw-store");
    }

    public Uni<List<RateLimit>> list() {
        throw new UnsupportedOperationException("placeholder: the real LimitService comes from branch gw-store");
    }
}
