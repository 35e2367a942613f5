package dev.finops.gateway.provider.app;

import dev.finops.gateway.config.GatewayConfig;
import dev.finops.http.secret.SealedSecrets;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Provider API keys at rest: sealed under finops.gateway.secret-key, or else under this service's own key. */
@ApplicationScoped
public class ProviderKeys {

    private final SealedSecrets sealed;

    public ProviderKeys(GatewayConfig config, @ConfigProperty(name = "finops.auth.service-key") String serviceKey) {
        String passphrase = config.secretKey().filter(k -> !k.isBlank()).orElse(null);
        if (passphrase == null) {
            Log.warn("provider API keys are sealed under the service key: set FINOPS_GATEWAY_SECRET_KEY so they"
                    + " survive a rotation of the service key");
            passphrase = "gateway-provider-keys:" + serviceKey;
        }
        this.sealed = new SealedSecrets(passphrase, "finops.gateway.secret-key");
    }

    public String seal(String apiKey) {
        return sealed.seal(apiKey);
    }

    public String open(String sealedKey) {
        return sealed.open(sealedKey);
    }
}
