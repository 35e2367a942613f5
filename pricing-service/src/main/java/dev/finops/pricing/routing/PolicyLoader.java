package dev.finops.pricing.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.pricing.repository.PolicyRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads every stored policy and compiles it into the {@link PolicyBook}. */
@ApplicationScoped
public class PolicyLoader {

    private final PolicyRepository repository;
    private final PolicyCompiler compiler;
    private final PolicyBook book;
    private final ObjectMapper json;

    public PolicyLoader(PolicyRepository repository, PolicyCompiler compiler, PolicyBook book, ObjectMapper json) {
        this.repository = repository;
        this.compiler = compiler;
        this.book = book;
        this.json = json;
    }

    public Uni<Void> load() {
        return repository.table().invoke(table -> {
            List<CompiledPolicy> compiled = new ArrayList<>();
            for (PolicyRepository.StoredPolicy stored : table.policies()) {
                try {
                    RoutingPolicy policy = json.readValue(stored.json(), RoutingPolicy.class)
                            .withScope(stored.scope(), stored.scopeId(), stored.updatedAt());
                    compiled.add(compiler.compile(policy));
                } catch (JsonProcessingException | RuntimeException e) {
                    // Stored policies were valid when saved; one that no longer compiles must not stop the others.
                    Log.errorf("routing policy %s/%s not loaded: %s", stored.scope(), stored.scopeId(), e.getMessage());
                }
            }
            book.replace(table.revision(), compiled);
        }).replaceWithVoid();
    }
}
