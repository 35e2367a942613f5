package dev.finops.budget.service;

import dev.finops.budget.config.BudgetConfig;
import dev.finops.http.secret.SealedSecrets;
import jakarta.enterprise.context.ApplicationScoped;

/** Channel secrets at rest: AES-256-GCM under a key derived from {@code finops.budget.channel-secret-key}. */
@ApplicationScoped
public class SecretBox {

    private final SealedSecrets sealed;

    public SecretBox(BudgetConfig config) {
        if ("dev-only-change-me".equals(config.channelSecretKey())) {
            io.quarkus.logging.Log.warn("alert-channel secrets are encrypted with the development key:"
                    + " set FINOPS_CHANNEL_SECRET_KEY in production");
        }
        this.sealed = new SealedSecrets(config.channelSecretKey(), "finops.budget.channel-secret-key");
    }

    public String seal(String plain) {
        return sealed.seal(plain);
    }

    public String open(String sealed) {
        return this.sealed.open(sealed);
    }
}
