package dev.parapet.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The network techniques on the shipped examples. */
class NetworkTechniquesTest {
  private static final String POSTGRES = "container:StatefulSet:data/postgres/postgres";

  private static AttackGraph graph(String dir) {
    Scanner.Loaded loaded =
        Scanner.load(List.of(dir), new ByteArrayInputStream(new byte[0]), Limits.DEFAULT);
    assertThat(loaded.problems()).isEmpty();
    return AttackGraphs.of(loaded.inventory());
  }

  private static long count(AttackGraph g, String technique) {
    return g.edges().stream().filter(e -> e.technique().equals(technique)).count();
  }

  @Test
  void aCompromisedPodReachesTheDatabaseOfTheInsecureClusterOverThePodNetwork() {
    AttackGraph g = graph("examples/insecure-cluster");
    assertThat(Paths.shortest(g, List.of(Ids.ANY_POD), v -> v.id().equals(POSTGRES))).isNotEmpty();
    // "any pod" is a foothold in every container, the database's own included, so the shortest
    // path from it is one hop; from every other container the database is one hop of the pod
    // network away, through the vertex the open pod groups share
    List<String> others =
        g.outgoing(Ids.ANY_POD).stream().map(Edge::to).filter(id -> !id.equals(POSTGRES)).toList();
    assertThat(others).hasSizeGreaterThan(10);
    for (String from : others) {
      List<AttackPath> paths = Paths.shortest(g, List.of(from), v -> v.id().equals(POSTGRES));
      assertThat(paths).as("from %s", from).isNotEmpty();
      assertThat(paths.get(0).hops())
          .extracting(Edge::technique)
          .as("from %s", from)
          .containsOnly(NetworkTechniques.REACH);
    }
  }

  @Test
  void theInternetReachesTheInsecureClustersExposedContainers() {
    AttackGraph g = graph("examples/insecure-cluster");
    Set<String> exploited =
        g.edges().stream()
            .filter(e -> e.technique().equals(NetworkTechniques.EXPLOIT))
            .map(Edge::to)
            .collect(Collectors.toSet());
    assertThat(exploited)
        .contains(
            "container:Deployment:shop/frontend/nginx",
            "container:Deployment:shop/api/api",
            POSTGRES);
    Edge lb =
        g.outgoing(Ids.INTERNET).stream()
            .filter(e -> e.to().equals("endpoint:shop/frontend:80"))
            .findFirst()
            .orElseThrow();
    assertThat(lb.technique()).isEqualTo(NetworkTechniques.EXPOSED);
    assertThat(lb.evidence().get(0).display())
        .isEqualTo("examples/insecure-cluster/10-frontend.yaml:39:5");
    assertThat(lb.fixedBy()).contains("EXP-001", "NET-009");
    // the API server is not a target of lateral movement: every pod reaches it by design
    assertThat(g.edges())
        .filteredOn(e -> e.technique().equals(NetworkTechniques.REACH))
        .noneMatch(e -> e.to().contains("kube-apiserver"));
    // counts documented in docs/graph.md
    assertThat(count(g, NetworkTechniques.REACH)).isEqualTo(19);
    assertThat(count(g, NetworkTechniques.EXPOSED)).isEqualTo(10);
    // the API server's host-network port is exposed, but reaching it is not exploiting it
    assertThat(count(g, NetworkTechniques.EXPLOIT)).isEqualTo(9);
    assertThat(g.edges())
        .filteredOn(e -> e.technique().equals(NetworkTechniques.EXPLOIT))
        .noneMatch(e -> e.to().contains("kube-apiserver"));
    assertThat(count(g, NetworkTechniques.METADATA)).isEqualTo(15);
  }

  @Test
  void theHardenedInternetReachesNothingAndPodsOnlyTheirFlows() {
    AttackGraph g = graph("examples/hardened");
    // the Ingress's policy admits only the ingress-nginx namespace: the engine reads it as
    // restricted, so the internet has no edge; the real controller would be a pod of the input
    assertThat(g.outgoing(Ids.INTERNET)).isEmpty();
    assertThat(count(g, NetworkTechniques.METADATA)).isZero();
    assertThat(
            g.edges().stream()
                .filter(e -> e.technique().equals(NetworkTechniques.REACH))
                .map(e -> e.from() + " -> " + e.to())
                .toList())
        .containsExactlyInAnyOrder(
            "container:Deployment:shop/frontend/nginx -> container:Deployment:shop/api/api",
            "container:Deployment:shop/api/api -> " + POSTGRES,
            "container:Deployment:shop/api/migrate -> " + POSTGRES);
    assertThat(Paths.shortest(g, List.of(Ids.INTERNET), v -> v.id().equals(POSTGRES))).isEmpty();
  }
}
