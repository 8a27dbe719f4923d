package dev.parapet.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  private static final String AGENT = "container:DaemonSet:monitoring/node-monitor/agent";

  private static List<String> edges(AttackGraph g, String technique) {
    return g.edges().stream()
        .filter(e -> e.technique().equals(technique))
        .map(e -> e.from() + " -> " + e.to())
        .toList();
  }

  @Test
  void insecureClusterLeadsFromAnyPodThroughTheNodeMonitorToItsNodes() {
    AttackGraph g = GraphFixturesTest.graph(Path.of("examples/insecure-cluster"));
    assertThat(edges(g, EntryPoints.FOOTHOLD))
        .contains(
            Ids.ANY_POD + " -> " + AGENT,
            Ids.ANY_POD + " -> container:Deployment:shop/frontend/nginx");
    assertThat(edges(g, Workloads.PRIV_MOUNT))
        .contains(AGENT + " -> " + Ids.ANY_NODE, AGENT + " -> " + Ids.CONTROL_PLANE_NODE);
    assertThat(edges(g, Workloads.NSENTER)).contains(AGENT + " -> " + Ids.ANY_NODE);
    assertThat(edges(g, Workloads.SOCKET)).contains(AGENT + " -> " + Ids.ANY_NODE);
    // the agent tolerates every taint: on a control-plane node it reads admin.conf
    assertThat(edges(g, Workloads.ADMIN_CONF))
        .contains(Ids.CONTROL_PLANE_NODE + " -> " + Ids.CLUSTER_ADMIN);

    List<AttackPath> paths =
        Paths.shortest(g, List.of(Ids.ANY_POD), v -> v.id().equals(Ids.ANY_NODE));
    assertThat(paths).hasSize(1);
    assertThat(paths.get(0).hops()).hasSize(2);
    List<String> viaAgent =
        Paths.shortest(g, List.of(AGENT), v -> v.id().equals(Ids.CLUSTER_ADMIN)).stream()
            .flatMap(p -> p.hops().stream())
            .map(Edge::technique)
            .toList();
    assertThat(viaAgent).endsWith(Workloads.ADMIN_CONF).hasSize(2);
  }

  @Test
  void escapeEdgesPointAtTheFieldsThatCreateThem() {
    AttackGraph g = GraphFixturesTest.graph(Path.of("examples/insecure-cluster"));
    Edge priv =
        g.edges().stream()
            .filter(e -> e.technique().equals(Workloads.PRIV_MOUNT) && e.from().equals(AGENT))
            .findFirst()
            .orElseThrow();
    assertThat(priv.evidence())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.file()).endsWith("40-node-monitor.yaml");
              assertThat(l.line()).isEqualTo(28);
              assertThat(l.pointer()).endsWith("/securityContext/privileged");
            });
    assertThat(priv.fixedBy()).containsExactly("PSS-003");
    Edge nsenter =
        g.edges().stream()
            .filter(e -> e.technique().equals(Workloads.NSENTER) && e.from().equals(AGENT))
            .findFirst()
            .orElseThrow();
    assertThat(nsenter.evidence()).extracting(l -> l.line()).containsExactly(18, 28);
  }

  @Test
  void mirrorPodsOfTheControlPlaneCarryNoToken() {
    AttackGraph g = GraphFixturesTest.graph(Path.of("examples/insecure-cluster"));
    assertThat(g.vertex("volume:Pod:kube-system/kube-apiserver-cp1/kube-api-access")).isEmpty();
    assertThat(g.vertex("node:cp1")).isPresent();
    assertThat(edges(g, Workloads.ETCD_READ)).contains("node:cp1 -> " + Ids.ETCD);
  }

  @Test
  void hardenedClusterHasNoContainerEscape() {
    AttackGraph g = GraphFixturesTest.graph(Path.of("examples/hardened"));
    assertThat(g.vertices()).anyMatch(v -> v.type() == VertexType.CONTAINER);
    assertThat(g.edges())
        .noneMatch(
            e ->
                e.technique().startsWith("CE_")
                    || e.technique().startsWith("EXPLOIT_")
                    || e.technique().equals(Workloads.ADMIN_CONF)
                    || e.technique().equals(Workloads.ETCD_READ));
    assertThat(
            Paths.shortest(g, List.of(Ids.INTERNET, Ids.ANY_POD, Ids.ANONYMOUS), Paths::isTarget))
        .isEmpty();
  }

  @Test
  void buildsTheSameGraphTwice() {
    AttackGraph a = GraphFixturesTest.graph(Path.of("examples/insecure-cluster"));
    AttackGraph b = GraphFixturesTest.graph(Path.of("examples/insecure-cluster"));
    assertThat(b.edges()).isEqualTo(a.edges());
    assertThat(b.vertices()).isEqualTo(a.vertices());
  }

  @Test
  void oddFieldsAreSkippedWithoutFailing() {
    AttackGraph g = GraphFixturesTest.graph(Path.of("src/test/resources/graph/sparse-pod.yaml"));
    assertThat(edges(g, EntryPoints.FOOTHOLD))
        .containsExactly(
            Ids.ANY_POD + " -> container:Pod:x/odd/a", Ids.ANY_POD + " -> container:Pod:x/odd/#2");
    // capabilities: null, 7 and a map are skipped; ALL gives SYS_MODULE and SYS_ADMIN
    assertThat(edges(g, Workloads.SYS_PTRACE))
        .containsExactly("container:Pod:x/odd/a -> node:(any)");
    // hostPath: "/" is not a map, hostPath.path "" is no path
    assertThat(g.vertex("volume:Pod:x/odd/v")).isEmpty();
    assertThat(g.vertex("volume:Pod:x/odd/w")).isEmpty();
  }
}
