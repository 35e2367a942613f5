package dev.finops.kubernetes;

import dev.finops.http.problem.ProblemException;
import dev.finops.http.problem.ProblemMappers;
import dev.finops.resources.ResourceStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One kind's informer events, reconciled in order on the service's reconcile thread: add and spec changes apply,
 * deletes remove, and once the informer has synced, objects whose resource vanished meanwhile are removed.
 */
final class KindWatch<R extends CustomResource<?, ResourceStatus>> implements ResourceEventHandler<R> {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ResourceReconciler<R> reconciler;
    private final StatusWriter status;
    private final ScheduledExecutorService worker;
    private final WatchConfig config;
    private final String namespace;
    private SharedIndexInformer<R> informer;

    KindWatch(ResourceReconciler<R> reconciler, StatusWriter status, ScheduledExecutorService worker,
              WatchConfig config, String namespace) {
        this.reconciler = reconciler;
        this.status = status;
        this.worker = worker;
        this.config = config;
        this.namespace = namespace;
    }

    void start(SharedIndexInformer<R> informer) {
        this.informer = informer;
        informer.addEventHandler(this);
        informer.start().thenRun(() -> worker.scheduleWithFixedDelay(this::removeVanished, 0,
                config.orphanCheckInterval().toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void onAdd(R resource) {
        worker.execute(() -> apply(Cache.metaNamespaceKeyFunc(resource), 0));
    }

    @Override
    public void onUpdate(R old, R now) {
        // Status writes (ours included) change neither spec nor generation: nothing to do.
        if (!Objects.equals(old.getSpec(), now.getSpec())
                || !Objects.equals(old.getMetadata().getGeneration(), now.getMetadata().getGeneration())) {
            worker.execute(() -> apply(Cache.metaNamespaceKeyFunc(now), 0));
        }
    }

    @Override
    public void onDelete(R resource, boolean finalStateUnknown) {
        ResourceOwner owner = ResourceOwner.of(resource);
        worker.execute(() -> remove(owner));
    }

    /** Applies the informer's latest copy of the resource (none: it was deleted, and the delete event follows). */
    private void apply(String key, int attempt) {
        R resource = informer.getStore().getByKey(key);
        if (resource == null) {
            return;
        }
        Long generation = resource.getMetadata().getGeneration();
        ResourceStatus previous = resource.getStatus();
        try {
            String id = reconciler.apply(resource, ResourceOwner.of(resource)).await().atMost(TIMEOUT);
            status.write(resource, Conditions.ready(generation, id, previous));
        } catch (ProblemException e) {
            refused(resource, e.problem().status(), e.problem().detail());
        } catch (ConstraintViolationException e) {
            refused(resource, 400, ProblemMappers.problemOf(e).detail());
        } catch (RuntimeException e) {
            Duration wait = backoff(attempt);
            Log.warnf(e, "%s %s not reconciled; retrying in %s", resource.getKind(), key, wait);
            write(resource, Conditions.failing(generation, String.valueOf(e.getMessage()), previous));
            worker.schedule(() -> apply(key, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void refused(R resource, int httpStatus, String detail) {
        String reason = switch (httpStatus) {
            case 409 -> "Conflict";
            case 404 -> "NotFound";
            default -> "ValidationFailed";
        };
        Log.infof("%s %s/%s is invalid: %s", resource.getKind(), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), detail);
        write(resource, Conditions.invalid(resource.getMetadata().getGeneration(), reason, detail, resource.getStatus()));
    }

    private void write(R resource, ResourceStatus next) {
        try {
            status.write(resource, next);
        } catch (RuntimeException e) {
            Log.warnf("status of %s %s/%s not written: %s", resource.getKind(), resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(), e.getMessage());
        }
    }

    private void remove(ResourceOwner owner) {
        try {
            reconciler.remove(owner).await().atMost(TIMEOUT);
            Log.infof("%s deleted: removed what it created", owner);
        } catch (RuntimeException e) {
            Log.warnf(e, "objects of the deleted %s not removed; retrying", owner);
            worker.schedule(() -> remove(owner), config.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Objects whose resource is gone (deleted while the service was down, or a missed event) go too. */
    private void removeVanished() {
        Set<String> present = informer.getStore().list().stream().map(r -> ResourceOwner.of(r).toString())
                .collect(Collectors.toSet());
        try {
            reconciler.owners().await().atMost(TIMEOUT).stream()
                    .filter(o -> "*".equals(namespace) || o.namespace().equals(namespace))
                    .filter(o -> !present.contains(o.toString()))
                    .forEach(this::remove);
        } catch (RuntimeException e) {
            Log.warnf(e, "%s: vanished resources not checked; next check in %s", reconciler.kind().getSimpleName(),
                    config.orphanCheckInterval());
        }
    }

    private Duration backoff(int attempt) {
        Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(attempt, 16));
        return wait.compareTo(config.maxRetryBackoff()) > 0 ? config.maxRetryBackoff() : wait;
    }
}
