package dev.parapet.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parapet.model.Inventory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The graph's building blocks: the catalogue, the builder's rules, shortest paths. */
class GraphCoreTest {
  private static Vertex v(String id, VertexType type) {
    return new Vertex(id, type, id, "", Optional.empty());
  }

  private static Edge e(String from, String to, String technique) {
    return new Edge(from, to, technique, from + " to " + to, List.of(), List.of());
  }

  @Test
  void theShippedCatalogueIsValidAndHasTheEntryTechniques() {
    Techniques t = Techniques.shipped();
    assertThat(t.get("CONTAINER_FOOTHOLD")).isPresent();
    assertThat(t.get("VALID_ACCOUNT").orElseThrow().mitreId()).isEqualTo("T1078");
    assertThat(t.all()).allSatisfy(x -> assertThat(x.description()).isNotBlank());
  }

  @Test
  void aBadCatalogueIsRefusedWithFileAndLine() {
    String bad =
        "techniques:\n  - {label: x_y, title: t, mitre: T1 nope, kubehound: true, description: d}\n";
    assertThatThrownBy(() -> Techniques.parse("t.yaml", bad.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("t.yaml:2: label 'x_y' is not UPPER_SNAKE");
    String bad2 =
        "techniques:\n  - {label: X, title: t, mitre: T1 nope, kubehound: true, description: d}\n";
    assertThatThrownBy(() -> Techniques.parse("t.yaml", bad2.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("mitre is 'T1234 Name'");
  }

  @Test
  void edgesNeedACataloguedTechniqueAndKnownVertices() {
    AttackGraph.Builder b = AttackGraph.builder(Techniques.shipped());
    b.vertex(v("a", VertexType.IDENTITY));
    b.vertex(v("b", VertexType.IDENTITY));
    assertThatThrownBy(() -> b.edge(e("a", "b", "NOT_A_TECHNIQUE")))
        .hasMessageContaining("not catalogued");
    assertThatThrownBy(() -> b.edge(e("a", "c", "VALID_ACCOUNT")))
        .hasMessageContaining("unknown vertices");
  }

  @Test
  void theSameTechniqueBetweenTheSameVerticesIsOneEdgeWithAllItsEvidence() {
    AttackGraph.Builder b = AttackGraph.builder(Techniques.shipped());
    b.vertex(v("a", VertexType.IDENTITY));
    b.vertex(v("b", VertexType.IDENTITY));
    dev.parapet.model.Location l1 = new dev.parapet.model.Location("f", 0, 1, 1, "/a", null);
    dev.parapet.model.Location l2 = new dev.parapet.model.Location("f", 0, 2, 1, "/b", null);
    b.edge(new Edge("a", "b", "VALID_ACCOUNT", "first", List.of(l1), List.of("X-001")));
    b.edge(new Edge("a", "b", "VALID_ACCOUNT", "second", List.of(l2), List.of("X-002")));
    AttackGraph g = b.build();
    assertThat(g.edges())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.explanation()).isEqualTo("first");
              assertThat(x.evidence()).containsExactly(l1, l2);
              assertThat(x.fixedBy()).containsExactly("X-001", "X-002");
            });
  }

  /** Breadth-first: the path with fewest techniques wins, and each jewel is listed once. */
  @Test
  void shortestPathsPerEntryAndJewel() {
    AttackGraph.Builder b = AttackGraph.builder(Techniques.shipped());
    for (String id : List.of("s", "a", "b", "c")) {
      b.vertex(v(id, VertexType.IDENTITY));
    }
    b.vertex(v("j", VertexType.CROWN_JEWEL));
    b.vertex(v("n", VertexType.NODE));
    b.edge(e("s", "a", "VALID_ACCOUNT"));
    b.edge(e("a", "b", "VALID_ACCOUNT"));
    b.edge(e("b", "j", "VALID_ACCOUNT"));
    b.edge(e("s", "c", "ANONYMOUS_ACCESS"));
    b.edge(e("c", "j", "ANONYMOUS_ACCESS"));
    b.edge(e("j", "n", "VALID_ACCOUNT"));
    AttackGraph g = b.build();
    List<AttackPath> paths = Paths.shortest(g, List.of("s"), Paths::isTarget);
    assertThat(paths).extracting(AttackPath::to).containsExactly("j", "n");
    assertThat(paths.get(0).hops()).extracting(Edge::from).containsExactly("s", "c");
    assertThat(paths.get(1).hops()).extracting(Edge::to).containsExactly("c", "j", "n");
    assertThat(Paths.techniqueCounts(paths))
        .containsEntry("ANONYMOUS_ACCESS", 2)
        .containsEntry("VALID_ACCOUNT", 1);
    assertThat(Paths.shortest(g, List.of("a"), x -> x.id().equals("c"))).isEmpty();
  }

  @Test
  void everyGraphHasTheEntryPointsAndCrownJewels() {
    AttackGraph g = AttackGraphs.of(Inventory.of(List.of()));
    assertThat(g.vertices())
        .extracting(Vertex::id)
        .contains(
            Ids.INTERNET,
            Ids.ANY_POD,
            Ids.AUTHENTICATED,
            Ids.ANONYMOUS,
            Ids.CLUSTER_ADMIN,
            Ids.KUBE_SYSTEM_SECRETS,
            Ids.ETCD);
    assertThat(g.outgoing(Ids.ANONYMOUS))
        .extracting(Edge::to)
        .containsExactly(Ids.user("system:anonymous"), Ids.group("system:unauthenticated"));
  }

  private static Edge fixable(String from, String to, String... fixes) {
    return new Edge(from, to, "VALID_ACCOUNT", from + " to " + to, List.of(), List.of(fixes));
  }

  /** The fewest removable edges that leave no path; a path with nothing removable cannot be cut. */
  @Test
  void theMinimumCutNamesTheFixesThatRemoveEveryPath() {
    AttackGraph.Builder b = AttackGraph.builder(Techniques.shipped());
    for (String id : List.of("s", "a", "b", "c", "d")) {
      b.vertex(v(id, VertexType.IDENTITY));
    }
    b.vertex(v("j", VertexType.CROWN_JEWEL));
    // two ways in through a and b, both through d: cutting d -> j (one fix) is the minimum
    b.edge(fixable("s", "a", "X-001"));
    b.edge(fixable("s", "b", "X-002"));
    b.edge(e("a", "d", "VALID_ACCOUNT"));
    b.edge(e("b", "d", "VALID_ACCOUNT"));
    b.edge(fixable("d", "j", "X-003"));
    AttackGraph g = b.build();
    Remediation.Cut cut = Remediation.minimumCut(g, List.of("s"), Paths::isTarget);
    assertThat(cut.complete()).isTrue();
    assertThat(cut.fixes()).containsExactly("X-003");
    // a path that no fix removes: no cut is complete
    AttackGraph.Builder b2 = AttackGraph.builder(Techniques.shipped());
    b2.vertex(v("s", VertexType.IDENTITY));
    b2.vertex(v("j", VertexType.CROWN_JEWEL));
    b2.edge(e("s", "j", "VALID_ACCOUNT"));
    assertThat(Remediation.minimumCut(b2.build(), List.of("s"), Paths::isTarget).complete())
        .isFalse();
  }

  @Test
  void theRankingTakesTheFixThatRemovesMostPathsFirst() {
    AttackGraph.Builder b = AttackGraph.builder(Techniques.shipped());
    for (String id : List.of("s", "a", "b")) {
      b.vertex(v(id, VertexType.IDENTITY));
    }
    b.vertex(v("j1", VertexType.CROWN_JEWEL));
    b.vertex(v("j2", VertexType.CROWN_JEWEL));
    b.vertex(v("j3", VertexType.CROWN_JEWEL));
    b.edge(fixable("s", "a", "X-001"));
    b.edge(fixable("a", "j1", "X-002"));
    b.edge(fixable("a", "j2", "X-003"));
    b.edge(fixable("s", "b", "X-004"));
    b.edge(fixable("b", "j3", "X-005"));
    List<AttackPath> paths = Paths.shortest(b.build(), List.of("s"), Paths::isTarget);
    assertThat(Remediation.ranking(paths))
        .containsExactly(new Remediation.Step("X-001", 2, 1), new Remediation.Step("X-004", 1, 0));
  }

  /** An edge lies on a path when a source reaches its start and its end reaches a target. */
  @Test
  void everyEdgeOnSomePathGetsTheShortestPathThroughIt() {
    AttackGraph.Builder b = AttackGraph.builder(Techniques.shipped());
    for (String id : List.of("s", "a", "b", "dead", "x")) {
      b.vertex(v(id, VertexType.IDENTITY));
    }
    b.vertex(v("j", VertexType.CROWN_JEWEL));
    b.edge(e("s", "a", "VALID_ACCOUNT"));
    b.edge(e("a", "j", "VALID_ACCOUNT"));
    b.edge(e("s", "b", "ANONYMOUS_ACCESS"));
    b.edge(e("b", "a", "ANONYMOUS_ACCESS"));
    b.edge(e("a", "dead", "VALID_ACCOUNT"));
    b.edge(e("x", "j", "VALID_ACCOUNT"));
    Map<Edge, AttackPath> through =
        Paths.shortest(b.build(), List.of("s"), Paths::isTarget).isEmpty()
            ? Map.of()
            : Paths.through(b.build(), List.of("s"), Paths::isTarget);
    assertThat(through.keySet())
        .extracting(x -> x.from() + ">" + x.to())
        .containsExactlyInAnyOrder("s>a", "a>j", "s>b", "b>a");
    AttackPath viaB =
        through.entrySet().stream()
            .filter(x -> x.getKey().from().equals("b"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertThat(viaB.hops())
        .extracting(x -> x.from() + ">" + x.to())
        .containsExactly("s>b", "b>a", "a>j");
    assertThat(viaB.to()).isEqualTo("j");
  }
}
