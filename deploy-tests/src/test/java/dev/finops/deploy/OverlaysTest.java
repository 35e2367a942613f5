package dev.finops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What sets the overlays apart: prod runs two of everything against an external Postgres, dev brings its own. */
class OverlaysTest {

    @Test
    void prodRunsTwoReplicasOfEachServiceWithADisruptionBudgetAndAnAutoscaler() {
        Manifests prod = Manifests.of("prod");
        for (String name : Manifests.SERVICES) {
            Deployment d = prod.named(Deployment.class, name);
            assertEquals(2, d.getSpec().getReplicas(), name + ": replicas");
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();

            PodDisruptionBudget pdb = prod.named(PodDisruptionBudget.class, name);
            assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()),
                    name + ": the PodDisruptionBudget selects the Deployment's pods");
            assertEquals(new IntOrString(1), pdb.getSpec().getMinAvailable(), name + ": PDB keeps one pod up");

            HorizontalPodAutoscaler hpa = prod.named(HorizontalPodAutoscaler.class, name);
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind(), name + ": HPA target kind");
            assertEquals(name, hpa.getSpec().getScaleTargetRef().getName(), name + ": HPA target");
            assertTrue(hpa.getSpec().getMinReplicas() >= 2, name + ": HPA never scales prod below two");
            assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas(), name + ": HPA can scale out");
        }
    }

    @Test
    void prodUsesAnExternalPostgres() {
        Manifests prod = Manifests.of("prod");
        assertTrue(prod.all(StatefulSet.class).isEmpty(), "prod runs no database of its own");
        String host = common(prod).get("FINOPS_PG_HOST");
        assertNotEquals("postgres", host, "prod points FINOPS_PG_HOST at the external server");
    }

    @Test
    void devBringsPostgresWithPgvectorAndAVolume() {
        Manifests dev = Manifests.of("dev");
        StatefulSet pg = dev.named(StatefulSet.class, "postgres");
        String image = pg.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        assertTrue(image.startsWith("pgvector/pgvector:") && image.contains("-pg15"), "pgvector on Postgres 15: " + image);
        assertEquals(1, pg.getSpec().getVolumeClaimTemplates().size(), "postgres keeps its data on a PersistentVolumeClaim");
        assertEquals("postgres", common(dev).get("FINOPS_PG_HOST"));
        String init = dev.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().startsWith("postgres-init"))
                .findFirst().orElseThrow().getData().get("10-finops.sh");
        for (String svc : new String[] {"ingest", "pricing", "budget", "anomaly", "cache", "gateway"}) {
            assertTrue(pg.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .anyMatch(e -> e.getName().equals("FINOPS_DB_PASSWORD_" + svc.toUpperCase())), "init gets the password of " + svc);
        }
        assertTrue(init.contains("CREATE EXTENSION IF NOT EXISTS vector") && init.contains("CREATE SCHEMA"), "the init script");
        for (String svc : new String[] {"ingest", "pricing", "budget", "anomaly", "cache", "gateway"}) {
            assertTrue(init.matches("(?s).*for svc in [^;]*\\b" + svc + "\\b[^;]*; do.*"),
                    "the init script creates the role of " + svc);
        }
    }

    private static Map<String, String> common(Manifests m) {
        return m.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().startsWith("finops-common"))
                .findFirst().orElseThrow().getData();
    }
}
