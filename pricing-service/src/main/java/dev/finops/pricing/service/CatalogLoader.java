package dev.finops.pricing.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.pricing.ModelAlias;
import dev.finops.pricing.RateSource;
import dev.finops.pricing.ValuationRate;
import dev.finops.pricing.config.PricingConfig;
import dev.finops.pricing.repository.AliasRepository;
import dev.finops.pricing.repository.CatalogRepository;
import dev.finops.pricing.repository.RateRepository;
import dev.finops.pricing.repository.RevisionRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * Loads the built-in price catalog on the first start only: a marker row records that it was loaded, so a
 * restart never overwrites rates or aliases changed through the API. Then fills this replica's memory. The load is
 * audited as the actor {@code system:catalog}: one "rate" entry per version and one "alias" entry per alias.
 */
@ApplicationScoped
public class CatalogLoader {

    private final Pool pool;
    private final CatalogRepository catalogs;
    private final RevisionRepository revisions;
    private final RateRepository rates;
    private final AliasRepository aliases;
    private final ChangeWatcher watcher;
    private final PricingMetrics metrics;
    private final PricingConfig config;
    private final ObjectMapper json;
    private final AuditTrail audit;

    public CatalogLoader(Pool pool, CatalogRepository catalogs, RevisionRepository revisions, RateRepository rates,
                         AliasRepository aliases, ChangeWatcher watcher, PricingMetrics metrics, PricingConfig config,
                         ObjectMapper json, AuditTrail audit) {
        this.audit = audit;
        this.pool = pool;
        this.catalogs = catalogs;
        this.revisions = revisions;
        this.rates = rates;
        this.aliases = aliases;
        this.watcher = watcher;
        this.metrics = metrics;
        this.config = config;
        this.json = json;
    }

    void onStart(@Observes StartupEvent start) {
        Uni<Boolean> load = config.loadCatalog()
                ? load(PriceCatalog.read(json, config.catalogResource()))
                : Uni.createFrom().item(false);
        load.chain(watcher::sync).await().atMost(Duration.ofSeconds(60));
    }

    private Uni<Void> audited(SqlConnection conn, List<ValuationRate> stored, List<ModelAlias> catalogAliases) {
        Actor catalog = Actor.system("catalog");
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ValuationRate r : stored) {
            chain = chain.chain(() -> audit.record(conn, catalog,
                    new AuditTrail.Change("rate", "create", r.modelId(), null, null, r)));
        }
        for (ModelAlias a : catalogAliases) {
            chain = chain.chain(() -> audit.record(conn, catalog,
                    new AuditTrail.Change("alias", "create", a.alias(), null, null, a)));
        }
        return chain;
    }

    /** Loads a catalog unless one of its name was loaded before; true when it was loaded now. */
    public Uni<Boolean> load(PriceCatalog catalog) {
        return pool.withTransaction(conn -> catalogs.claim(conn, catalog.name(), catalog.asOf(), catalog.models().size())
                        .chain(claimed -> !claimed ? Uni.createFrom().item(false)
                                : revisions.bump(conn, RevisionRepository.RATES)
                                        .chain(() -> rates.insert(conn, catalog.rates()))
                                        .call(stored -> audited(conn, stored, catalog.aliases()))
                                        .chain(() -> revisions.bump(conn, RevisionRepository.ALIASES))
                                        .chain(() -> aliases.upsert(conn, catalog.aliases(), true))
                                        .replaceWith(true)))
                .call(watcher::sync)
                .invoke(loaded -> {
                    if (loaded) {
                        metrics.rateChanges(RateSource.catalog.wire(), catalog.models().size());
                        Log.infof("loaded price catalog '%s' as of %s: %d models, %d aliases", catalog.name(),
                                catalog.asOf(), catalog.models().size(), catalog.aliases().size());
                    } else {
                        Log.debugf("price catalog '%s' was loaded before; not loading it again", catalog.name());
                    }
                });
    }
}
