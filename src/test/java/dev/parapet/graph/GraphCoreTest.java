package dev.parapet.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parapet.model.Inventory;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
