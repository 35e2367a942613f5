package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every service Deployment must hold, in both overlays; restricted Pod Security for every pod template. */
class WorkloadInvariantsTest {

    /** repository[:tag][@digest]; the tag is required. */
    private static final Pattern IMAGE = Pattern.compile("^([^@]+?)(?::([\\w][\\w.-]{0,127}))?(@sha256:[0-9a-f]{64})?$");

    static Stream<Arguments> deployments() {
        return Manifests.OVERLAYS.stream().flatMap(o -> Manifests.of(o).all(Deployment.class).stream()
                .map(d -> Arguments.of(o, d.getMetadata().getName())));
    }

    static Stream<Arguments> podTemplates() {
        return Manifests.OVERLAYS.stream().flatMap(o -> {
            Manifests m = Manifests.of(o);
            return Stream.concat(m.all(Deployment.class).stream().map(d -> Arguments.of(o, "Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate())),
                    m.all(StatefulSet.class).stream().map(s -> Arguments.of(o, "StatefulSet " + s.getMetadata().getName(), s.getSpec().getTemplate())));
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("deployments")
    void probesOnTheThreeHealthEndpoints(String overlay, String name) {
        Container c = container(overlay, name);
        assertHttpProbe(c.getStartupProbe(), "/q/health/started", c, name + " startupProbe");
        assertHttpProbe(c.getLivenessProbe(), "/q/health/live", c, name + " livenessProbe");
        assertHttpProbe(c.getReadinessProbe(), "/q/health/ready", c, name + " readinessProbe");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("deployments")
    void requestsAndLimitsForCpuAndMemory(String overlay, String name) {
        var resources = container(overlay, name).getResources();
        assertNotNull(resources, name + ": resources");
        for (String r : List.of("cpu", "memory")) {
            Quantity request = resources.getRequests() == null ? null : resources.getRequests().get(r);
            Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get(r);
            assertNotNull(request, name + ": requests." + r);
            assertNotNull(limit, name + ": limits." + r);
            assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0,
                    name + ": requests." + r + " " + request + " above limits." + r + " " + limit);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("podTemplates")
    void restrictedPodSecurity(String overlay, String workload, PodTemplateSpec template) {
        PodSpec pod = template.getSpec();
        var podContext = pod.getSecurityContext();
        assertNotNull(podContext, workload + ": pod securityContext");
        assertEquals("RuntimeDefault", podContext.getSeccompProfile() == null ? null : podContext.getSeccompProfile().getType(),
                workload + ": seccompProfile");
        for (Container c : pod.getContainers()) {
            var sc = c.getSecurityContext();
            String where = workload + " container " + c.getName();
            assertNotNull(sc, where + ": securityContext");
            assertTrue(Boolean.TRUE.equals(sc.getRunAsNonRoot()) || Boolean.TRUE.equals(podContext.getRunAsNonRoot()),
                    where + ": runAsNonRoot");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + ": allowPrivilegeEscalation");
            assertNotEquals(Boolean.TRUE, sc.getPrivileged(), where + ": privileged");
            assertEquals(List.of("ALL"), sc.getCapabilities() == null ? null : sc.getCapabilities().getDrop(),
                    where + ": capabilities.drop");
            assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), where + ": capabilities.add");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + ": readOnlyRootFilesystem");
            assertPinned(c.getImage(), where);
            assertTrue(mountedEmptyDir(pod, c, "/tmp").isPresent(), where + ": /tmp must be an emptyDir (the root filesystem is read-only)");
        }
        assertTrue(pod.getHostNetwork() == null || !pod.getHostNetwork(), workload + ": hostNetwork");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("deployments")
    void drainsBeforeStopping(String overlay, String name) {
        Container c = container(overlay, name);
        assertNotNull(c.getLifecycle() == null ? null : c.getLifecycle().getPreStop(), name + ": lifecycle.preStop");
        Long grace = Manifests.of(overlay).named(Deployment.class, name).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace != null && grace > 10, name + ": terminationGracePeriodSeconds must exceed the preStop wait");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("deployments")
    void ownServiceAccountConfigAndService(String overlay, String name) {
        Manifests m = Manifests.of(overlay);
        Deployment d = m.named(Deployment.class, name);
        assertTrue(Manifests.SERVICES.contains(name), name + " is not one of the six services");
        assertEquals(name, d.getSpec().getTemplate().getSpec().getServiceAccountName(), name + ": serviceAccountName");
        Map<String, String> env = environment(m, container(overlay, name));
        assertEquals("true", env.get("FINOPS_KUBERNETES_WATCH"), name + ": FINOPS_KUBERNETES_WATCH");
        for (String svc : List.of("INGEST", "PRICING", "BUDGET", "ANOMALY", "CACHE", "GATEWAY")) {
            assertTrue(env.getOrDefault("FINOPS_" + svc + "_URL", "").startsWith("http://" + svc.toLowerCase() + "-service:"),
                    name + ": FINOPS_" + svc + "_URL");
        }
        assertEquals("finops_" + name.replace("-service", ""), env.get("FINOPS_DB_USER"), name + ": FINOPS_DB_USER");
        Service service = m.named(Service.class, name);
        assertEquals(d.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector(), name + ": Service selector");
        int port = container(overlay, name).getPorts().get(0).getContainerPort();
        assertTrue(env.getOrDefault("FINOPS_" + name.replace("-service", "").toUpperCase() + "_URL", "").endsWith(":" + port),
                name + ": its URL names its port " + port);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void cacheServiceUnpacksNativeLibrariesIntoAWritableVolume(String overlay) {
        Manifests m = Manifests.of(overlay);
        Container c = container(overlay, "cache-service");
        String dataDir = environment(m, c).get("FINOPS_DATA_DIR");
        assertNotNull(dataDir, "cache-service: FINOPS_DATA_DIR (finops.cache.embedding.native-dir is below it)");
        PodSpec pod = m.named(Deployment.class, "cache-service").getSpec().getTemplate().getSpec();
        assertTrue(mountedEmptyDir(pod, c, dataDir).isPresent(), "cache-service: " + dataDir + " must be a mounted emptyDir");
    }

    static Stream<String> overlays() {
        return Manifests.OVERLAYS.stream();
    }

    private static Container container(String overlay, String name) {
        List<Container> containers = Manifests.of(overlay).named(Deployment.class, name).getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), name + ": one container");
        return containers.get(0);
    }

    private static void assertHttpProbe(Probe probe, String path, Container c, String what) {
        assertNotNull(probe, what);
        assertNotNull(probe.getHttpGet(), what + ": httpGet");
        assertEquals(path, probe.getHttpGet().getPath(), what + ": path");
        String port = probe.getHttpGet().getPort().getStrVal();
        Integer number = probe.getHttpGet().getPort().getIntVal();
        assertTrue(c.getPorts().stream().anyMatch(p -> p.getName() != null && p.getName().equals(port)
                || number != null && number.equals(p.getContainerPort())), what + ": port " + probe.getHttpGet().getPort() + " is not a container port");
    }

    static void assertPinned(String image, String where) {
        Matcher m = IMAGE.matcher(image == null ? "" : image);
        assertTrue(m.matches() && m.group(2) != null, where + ": image " + image + " has no tag");
        String tag = m.group(2);
        assertFalse(tag.equals("latest") || tag.contains("SNAPSHOT") || !tag.matches(".*\\d.*"),
                where + ": image " + image + " must name a released version, not '" + tag + "'");
    }

    private static Optional<Volume> mountedEmptyDir(PodSpec pod, Container c, String path) {
        return c.getVolumeMounts() == null ? Optional.empty() : c.getVolumeMounts().stream()
                .filter(vm -> vm.getMountPath().equals(path) && !Boolean.TRUE.equals(vm.getReadOnly()))
                .map(VolumeMount::getName)
                .flatMap(n -> pod.getVolumes().stream().filter(v -> v.getName().equals(n) && v.getEmptyDir() != null))
                .findFirst();
    }

    /** The container's plain environment: envFrom ConfigMaps (as rendered) then literal env values. */
    static Map<String, String> environment(Manifests m, Container c) {
        Map<String, String> env = new HashMap<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? new ArrayList<EnvFromSource>() : c.getEnvFrom()) {
            assertNotNull(from.getConfigMapRef(), c.getName() + ": envFrom only from ConfigMaps (Secrets go through secretKeyRef)");
            env.putAll(m.named(ConfigMap.class, from.getConfigMapRef().getName()).getData());
        }
        c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }
}
