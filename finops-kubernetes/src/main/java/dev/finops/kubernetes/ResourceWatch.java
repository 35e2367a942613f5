package dev.finops.kubernetes;

import dev.finops.resources.ResourceStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts one informer per kind the service reconciles (its {@link ResourceReconciler} beans) when
 * {@code finops.kubernetes.watch=true}; otherwise nothing Kubernetes-related is created. All reconciliation runs
 * on one thread per service, so a resource's events are applied in order and never concurrently.
 */
@ApplicationScoped
public class ResourceWatch {

    private final WatchConfig config;
    private final Instance<ResourceReconciler<?>> reconcilers;
    private final Instance<KubernetesClient> clients;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private ScheduledExecutorService worker;

    public ResourceWatch(WatchConfig config, Instance<ResourceReconciler<?>> reconcilers,
                         Instance<KubernetesClient> clients) {
        this.config = config;
        this.reconcilers = reconcilers;
        this.clients = clients;
    }

    void start(@Observes StartupEvent event) {
        if (!config.watch()) {
            return;
        }
        KubernetesClient client = clients.get();
        String namespace = config.namespace().orElse(client.getNamespace());
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "finops-resource-reconciler");
            t.setDaemon(true);
            return t;
        });
        StatusWriter status = new StatusWriter(client);
        for (ResourceReconciler<?> reconciler : reconcilers) {
            informers.add(watch(client, reconciler, status, namespace));
        }
        Log.infof("watching %s in %s", reconcilers.stream().map(r -> r.kind().getSimpleName()).toList(),
                "*".equals(namespace) ? "every namespace" : "namespace " + namespace);
    }

    void stop(@Observes ShutdownEvent event) {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private <R extends CustomResource<?, ResourceStatus>> SharedIndexInformer<R> watch(
            KubernetesClient client, ResourceReconciler<R> reconciler, StatusWriter status, String namespace) {
        var resources = client.resources(reconciler.kind());
        SharedIndexInformer<R> informer = ("*".equals(namespace) ? resources.inAnyNamespace()
                : resources.inNamespace(namespace)).runnableInformer(0);
        new KindWatch<>(reconciler, status, worker, config, namespace).start(informer);
        return informer;
    }
}
