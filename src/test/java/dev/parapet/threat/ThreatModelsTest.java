package dev.parapet.threat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.ScanResult;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import dev.parapet.threat.ThreatModel.AssessedThreat;
import dev.parapet.threat.ThreatModel.Boundary;
import dev.parapet.threat.ThreatModel.EntryPoint;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreatModelsTest {
  private static ThreatModel model(String path) {
    Scanner.Loaded loaded =
        Scanner.load(List.of(path), new ByteArrayInputStream(new byte[0]), Limits.DEFAULT);
    ScanResult scan = Scanner.check(loaded, Scanner.Options.defaults(), List.of(path), "test");
    return ThreatModels.of(loaded.inventory(), scan, ThreatModels.Options.defaults());
  }

  private static AssessedThreat threat(ThreatModel m, String id) {
    return m.threats().stream().filter(t -> t.threat().id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void privilegedContainerExposesContainerEscapeWithTheFindingAndTheEdges() {
    AssessedThreat t = threat(model("src/test/resources/threat/exposed.yaml"), "T-WL-E-1");
    assertThat(t.status()).isEqualTo(Status.EXPOSED);
    assertThat(t.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo("finding");
              assertThat(e.id()).isEqualTo("PSS-003");
              assertThat(e.at().orElseThrow().line()).isEqualTo(24);
            })
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo("edge");
              assertThat(e.id()).isEqualTo("CE_PRIV_MOUNT");
              assertThat(e.text())
                  .isEqualTo("container:Deployment:tools/debug/shell -> node:(any)");
            });
  }

  @Test
  void hardenedContainerMitigatesContainerEscape() {
    ThreatModel m = model("src/test/resources/threat/mitigated.yaml");
    assertThat(threat(m, "T-WL-E-1").status()).isEqualTo(Status.MITIGATED);
    assertThat(threat(m, "T-WL-E-1").evidence()).isEmpty();
    assertThat(threat(m, "T-WL-E-6").status()).isEqualTo(Status.MITIGATED);
  }

  @Test
  void withoutWorkloadsOrControlPlaneTheThreatsAreUnknown() {
    ThreatModel m = model("src/test/resources/threat/unknown.yaml");
    assertThat(threat(m, "T-WL-E-1").status()).isEqualTo(Status.UNKNOWN);
    assertThat(threat(m, "T-WL-E-1").reason()).isEqualTo("the input has no workloads");
    assertThat(threat(m, "T-API-R-1").status()).isEqualTo(Status.UNKNOWN);
    assertThat(m.count(Status.EXPOSED)).isZero();
  }

  @Test
  void theInsecureExampleIsExposedWhereItsSourcesSay() {
    ThreatModel m = model("examples/insecure-cluster");
    for (String id : List.of("T-WL-E-1", "T-API-S-1", "T-WL-I-2", "T-API-R-1", "T-SCHED-I-1")) {
      assertThat(threat(m, id).status()).as(id).isEqualTo(Status.EXPOSED);
    }
    // its API server turns anonymous authentication on: the benchmark's 1.2.1 decides
    assertThat(threat(m, "T-API-S-1").evidence())
        .anySatisfy(e -> assertThat(e.kind() + " " + e.id()).isEqualTo("bench 1.2.1"));
    // etcd authenticates its clients, and no kubelet configuration was given
    assertThat(threat(m, "T-ETCD-T-1").status()).isEqualTo(Status.MITIGATED);
    assertThat(threat(m, "T-KUBELET-S-1").status()).isEqualTo(Status.UNKNOWN);
    assertThat(m.entryPoints())
        .extracting(EntryPoint::kind, EntryPoint::address)
        .contains(
            org.assertj.core.groups.Tuple.tuple("kube-apiserver", "port 6443"),
            org.assertj.core.groups.Tuple.tuple("NodePort", "shop/api:8080 node:30080/TCP"));
    Boundary escape =
        m.boundaries().stream().filter(b -> b.id().equals("container/host")).findFirst().get();
    assertThat(escape.crossings()).extracting(e -> e.technique()).contains("CE_PRIV_MOUNT");
    Boundary namespaces =
        m.boundaries().stream().filter(b -> b.id().equals("namespace/namespace")).findFirst().get();
    assertThat(namespaces.crossings()).isNotEmpty();
    // the node monitor tolerates the control-plane taint; the API server's own pod does not count
    Boundary controlPlane =
        m.boundaries().stream()
            .filter(b -> b.id().equals("control-plane/workers"))
            .findFirst()
            .get();
    assertThat(controlPlane.crossings())
        .extracting(e -> e.from())
        .containsOnly("container:DaemonSet:monitoring/node-monitor/agent");
    assertThat(m.actors().get(1).paths()).isNotEmpty();
  }

  @Test
  void theHardenedExampleMitigatesWorkloadThreatsAndCannotJudgeTheControlPlane() {
    ThreatModel m = model("examples/hardened");
    List<AssessedThreat> workloads =
        m.threats().stream().filter(t -> t.threat().component().equals("workloads")).toList();
    assertThat(workloads.stream().filter(t -> t.status() == Status.MITIGATED).count())
        .isGreaterThan(workloads.size() * 3 / 4);
    assertThat(
            m.threats().stream()
                .filter(t -> t.threat().needs().contains(Need.KUBE_APISERVER))
                .map(AssessedThreat::status))
        .isNotEmpty()
        .containsOnly(Status.UNKNOWN);
    assertThat(m.entryPoints()).extracting(EntryPoint::kind).containsExactly("Ingress");
    // the data flow draws only what its policies allow: frontend -> api -> postgres
    assertThat(m.dataFlow().flows())
        .extracting(f -> f.from() + " -> " + f.to())
        .contains(
            "pod:Deployment:shop/frontend -> pod:Deployment:shop/api",
            "pod:Deployment:shop/api -> pod:StatefulSet:data/postgres");
  }
}
