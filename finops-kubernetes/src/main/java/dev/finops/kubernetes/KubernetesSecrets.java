package dev.finops.kubernetes;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.Problem;
import dev.finops.http.problem.ProblemException;
import dev.finops.resources.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Reads the Secret values resources refer to ({@code secretRef}), from the resource's own namespace. */
@ApplicationScoped
public class KubernetesSecrets {

    private final Instance<KubernetesClient> client;

    public KubernetesSecrets(Instance<KubernetesClient> client) {
        this.client = client;
    }

    /** The value, or null when {@code ref} is null; a missing Secret or key is a 422 naming {@code field}. */
    public String read(String namespace, SecretKeyRef ref, String field) {
        if (ref == null) {
            return null;
        }
        Secret secret = client.get().secrets().inNamespace(namespace).withName(ref.name()).get();
        if (secret == null) {
            throw missing(field, "Secret '" + ref.name() + "' does not exist in namespace " + namespace);
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(ref.key())) {
            return secret.getStringData().get(ref.key());
        }
        if (secret.getData() == null || !secret.getData().containsKey(ref.key())) {
            throw missing(field, "Secret '" + ref.name() + "' has no key '" + ref.key() + "'");
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8);
    }

    private static ProblemException missing(String field, String message) {
        return new ProblemException(Problem.of(422, "Unprocessable Content", field + ": " + message,
                List.of(new FieldError(field, message))));
    }
}
