package dev.finops.pricing.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.pricing.RateSource;
import dev.finops.pricing.config.PricingConfig;
import dev.finops.pricing.repository.AliasRepository;
import dev.finops.pricing.repository.CatalogRepository;
import dev.finops.pricing.repository.RateRepository;
import dev.finops.pricing.repository.RevisionRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Loads the built-in price catalog on the first start only: a marker row records that it was loaded, so a
 * restart never overwrites rates or aliases changed through the API. Then fills this replica's memory.
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

    public CatalogLoader(Pool pool, CatalogRepository catalogs, RevisionRepository revisions, RateRepository rates,
                         AliasRepository aliases, ChangeWatcher watcher, PricingMetrics metrics, PricingConfig config,
                         ObjectMapper json) {
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

    /** Loads a catalog unless one of its name was loaded before; true when it was loaded now. */
    public Uni<Boolean> load(PriceCatalog catalog) {
        return pool.withTransaction(conn -> catalogs.claim(conn, catalog.name(), catalog.asOf(), catalog.models().size())
                        .chain(claimed -> !claimed ? Uni.createFrom().item(false)
                                : revisions.bump(conn, RevisionRepository.RATES)
                                        .chain(() -> rates.insert(conn, catalog.rates()))
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
