package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackGraphs;
import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Edge;
import dev.parapet.graph.Ids;
import dev.parapet.graph.Paths;
import dev.parapet.graph.Techniques;
import dev.parapet.graph.Vertex;
import dev.parapet.graph.VertexType;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GraphLayoutTest {
  @Test
  void entryPointsLeftCrownJewelsRightOthersByDepth() {
    AttackGraph g =
        AttackGraphs.of(
            Scanner.load(
                    List.of("examples/insecure-cluster"),
                    new ByteArrayInputStream(new byte[0]),
                    Limits.DEFAULT)
                .inventory());
    List<AttackPath> paths = paths(g);
    GraphLayout layout = GraphLayout.of(g, paths, 200);
    Map<String, GraphLayout.Node> byId =
        layout.nodes.stream().collect(Collectors.toMap(n -> n.vertex().id(), Function.identity()));
    int last = layout.nodes.stream().mapToInt(GraphLayout.Node::column).max().orElseThrow();
    for (GraphLayout.Node n : layout.nodes) {
      if (n.vertex().type() == VertexType.ENTRY_POINT) {
        assertThat(n.column()).as(n.vertex().id()).isZero();
      } else if (n.vertex().type() == VertexType.CROWN_JEWEL) {
        assertThat(n.column()).as(n.vertex().id()).isEqualTo(last);
      } else {
        assertThat(n.column()).as(n.vertex().id()).isBetween(1, last - 1);
      }
    }
    // breadth-first depth: no edge from a vertex on a path (so reached from an entry point) skips
    // ahead more than one column, except into a crown jewel
    Set<String> onPaths =
        paths.stream().flatMap(p -> p.hops().stream()).map(Edge::from).collect(Collectors.toSet());
    for (GraphLayout.Link l : layout.links) {
      if (onPaths.contains(l.edge().from()) && l.to().vertex().type() != VertexType.CROWN_JEWEL) {
        assertThat(l.to().column())
            .as(l.edge().from() + " -> " + l.edge().to())
            .isLessThanOrEqualTo(l.from().column() + 1);
      }
    }
    // every vertex of every path is drawn, and every hop is a drawn edge marked with the path
    for (int i = 0; i < paths.size(); i++) {
      for (Edge e : paths.get(i).hops()) {
        assertThat(byId).containsKeys(e.from(), e.to());
        int index = i;
        assertThat(layout.links).anyMatch(l -> l.edge().equals(e) && l.paths().contains(index));
      }
    }
    assertNoOverlap(layout);
  }

  @Test
  void aLargeGraphIsCutToItsPathsAndTheirNeighbours() {
    AttackGraph g = largeGraph();
    List<AttackPath> paths = paths(g);
    assertThat(paths).hasSize(3);

    GraphLayout layout = GraphLayout.of(g, paths, HtmlRenderer.MAX_DRAWN_VERTICES);
    assertThat(layout.totalVertices).isEqualTo(1204);
    assertThat(layout.nodes).hasSize(HtmlRenderer.MAX_DRAWN_VERTICES);
    Set<String> drawn = layout.nodes.stream().map(n -> n.vertex().id()).collect(Collectors.toSet());
    paths.forEach(
        p ->
            p.hops()
                .forEach(
                    e -> {
                      assertThat(drawn).contains(e.from(), e.to());
                    }));
    assertNoOverlap(layout);
    // the crowded layer of containers is split, so the drawing stays about a screen high
    assertThat(layout.height).isLessThanOrEqualTo(2 * 24 + GraphLayout.MAX_ROWS * 62);
    for (GraphLayout.Node n : layout.nodes) {
      assertThat(n.label()).hasSizeLessThanOrEqualTo(GraphLayout.LABEL_LINES);
      n.label()
          .forEach(line -> assertThat(line.length()).isLessThanOrEqualTo(GraphLayout.LABEL_CHARS));
    }
    String html =
        ReportFixtures.render(
            new HtmlRenderer(Optional.of(HtmlRenderer.Attack.of(g)), Optional.empty()),
            ReportFixtures.full());
    assertThat(html).contains("200 vertices and").contains("of 1204 and");
  }

  @Test
  void wrapsLongNamesAtSeparatorsAndCutsWhatDoesNotFit() {
    assertThat(
            GraphLayout.wrap(
                "system:serviceaccount:kube-system:replicaset-controller-extra", 28, 2))
        .containsExactly("system:serviceaccount:kube-", "system:replicaset-…");
    assertThat(GraphLayout.wrap("nginx", 28, 2)).containsExactly("nginx");
    assertThat(GraphLayout.wrap("a".repeat(40), 28, 2)).containsExactly("a".repeat(27) + "…");
  }

  /**
   * 1,204 vertices: 600 containers of 7 namespaces with a token volume each, six of them escaping
   * to a node, one node leading to cluster-admin.
   */
  static AttackGraph largeGraph() {
    AttackGraph.Builder b = AttackGraph.builder(Techniques.shipped());
    b.vertex(vertex(Ids.ANY_POD, VertexType.ENTRY_POINT, "any pod"));
    b.vertex(vertex(Ids.ANY_NODE, VertexType.NODE, "any node"));
    b.vertex(vertex(Ids.CONTROL_PLANE_NODE, VertexType.NODE, "a control-plane node"));
    b.vertex(vertex(Ids.CLUSTER_ADMIN, VertexType.CROWN_JEWEL, "cluster-admin"));
    for (int i = 0; i < 600; i++) {
      String c = "container:Deployment:team-" + (i % 7) + "/app-" + i + "/main";
      b.vertex(vertex(c, VertexType.CONTAINER, "main (team-" + (i % 7) + "/app-" + i + ")"));
      b.edge(edge(Ids.ANY_POD, c, "CONTAINER_FOOTHOLD", List.of()));
      String v = "volume:Deployment:team-" + (i % 7) + "/app-" + i + "/kube-api-access";
      b.vertex(vertex(v, VertexType.VOLUME, "token of app-" + i));
      b.edge(edge(c, v, "VOLUME_DISCOVER", List.of("SEC-001")));
      if (i % 100 == 0) {
        String node = i % 200 == 0 ? Ids.ANY_NODE : Ids.CONTROL_PLANE_NODE;
        b.edge(edge(c, node, "CE_PRIV_MOUNT", List.of("PSS-003")));
      }
    }
    b.edge(edge(Ids.CONTROL_PLANE_NODE, Ids.CLUSTER_ADMIN, "ADMIN_KUBECONFIG_STEAL", List.of()));
    return b.build();
  }

  private static void assertNoOverlap(GraphLayout layout) {
    // boxes stand in columns (a crowded layer in several), apart from each other
    Map<Double, List<GraphLayout.Node>> byColumn =
        layout.nodes.stream().collect(Collectors.groupingBy(GraphLayout.Node::x));
    List<Double> xs = byColumn.keySet().stream().sorted().toList();
    for (int i = 1; i < xs.size(); i++) {
      assertThat(xs.get(i)).isGreaterThan(xs.get(i - 1) + GraphLayout.NODE_WIDTH);
    }
    for (List<GraphLayout.Node> col : byColumn.values()) {
      List<GraphLayout.Node> sorted = new ArrayList<>(col);
      sorted.sort(java.util.Comparator.comparingDouble(GraphLayout.Node::y));
      for (int i = 1; i < sorted.size(); i++) {
        GraphLayout.Node above = sorted.get(i - 1);
        assertThat(sorted.get(i).y()).isGreaterThan(above.y() + above.height());
      }
      for (GraphLayout.Node n : col) {
        assertThat(n.y() + n.height()).isLessThanOrEqualTo(layout.height);
        assertThat(n.x() + GraphLayout.NODE_WIDTH).isLessThanOrEqualTo(layout.width);
      }
    }
  }

  private static List<AttackPath> paths(AttackGraph g) {
    return Paths.shortest(g, Paths.ENTRIES.values().stream().sorted().toList(), Paths::isTarget);
  }

  private static Vertex vertex(String id, VertexType type, String name) {
    return new Vertex(id, type, name, "", Optional.empty());
  }

  private static Edge edge(String from, String to, String technique, List<String> fixedBy) {
    return new Edge(from, to, technique, technique + " from " + from, List.of(), fixedBy);
  }
}
