package dev.parapet.report;

import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Edge;
import dev.parapet.graph.Vertex;
import dev.parapet.graph.VertexType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layered drawing of the attack graph for the HTML report: entry points in the first column,
 * crown jewels in the last, every other vertex in the column of its breadth-first depth from the
 * entry points; within a column, vertices follow the mean row of their predecessors (one barycentre
 * pass, the first step of Sugiyama's method), so that most edges run left to right without crossing
 * much.
 *
 * <p>A large graph is cut down to the vertices on the attack paths and their neighbours, at most
 * {@code maxVertices}; the layout says how many it left out.
 */
final class GraphLayout {
  static final double NODE_WIDTH = 184;
  static final double COLUMN_GAP = 120;

  /** Between the sub-columns a crowded layer is split into. */
  static final double SUBCOLUMN_GAP = 36;

  /** Rows of a layer before it is split into sub-columns side by side. */
  static final int MAX_ROWS = 30;

  static final double ROW_PITCH = 62;
  static final double LINE_HEIGHT = 13;
  static final double PADDING = 24;
  static final int LABEL_CHARS = 28;
  static final int LABEL_LINES = 3;

  /** A vertex placed at (x, y), top-left corner, with its label already wrapped. */
  record Node(Vertex vertex, int column, double x, double y, double height, List<String> label) {
    Node {
      label = List.copyOf(label);
    }

    double centerY() {
      return y + height / 2;
    }
  }

  /** An edge between two placed vertices, with the indexes of the paths it is on. */
  record Link(Edge edge, Node from, Node to, List<Integer> paths) {
    Link {
      paths = List.copyOf(paths);
    }
  }

  final List<Node> nodes;
  final List<Link> links;
  final double width;
  final double height;
  final int totalVertices;
  final int totalEdges;

  private GraphLayout(
      List<Node> nodes,
      List<Link> links,
      double width,
      double height,
      int totalVertices,
      int totalEdges) {
    this.nodes = List.copyOf(nodes);
    this.links = List.copyOf(links);
    this.width = width;
    this.height = height;
    this.totalVertices = totalVertices;
    this.totalEdges = totalEdges;
  }

  static GraphLayout of(AttackGraph g, List<AttackPath> paths, int maxVertices) {
    Set<String> shown = select(g, paths, maxVertices);
    Map<String, List<Integer>> pathsOfEdge = new HashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      for (Edge e : paths.get(i).hops()) {
        pathsOfEdge.computeIfAbsent(key(e), k -> new ArrayList<>()).add(i);
      }
    }
    List<Edge> edges =
        g.edges().stream()
            .filter(e -> shown.contains(e.from()) && shown.contains(e.to()))
            .filter(e -> !e.from().equals(e.to()))
            .toList();
    Map<String, Vertex> vertices = new LinkedHashMap<>();
    g.vertices().stream().filter(v -> shown.contains(v.id())).forEach(v -> vertices.put(v.id(), v));
    Map<String, Integer> column = columns(vertices, edges);

    int columns = column.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    List<List<Vertex>> byColumn = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      byColumn.add(new ArrayList<>());
    }
    vertices.values().forEach(v -> byColumn.get(column.get(v.id())).add(v));

    Map<String, List<String>> predecessors = new HashMap<>();
    for (Edge e : edges) {
      if (column.get(e.from()) < column.get(e.to())) {
        predecessors.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
      }
    }
    Map<String, Integer> row = new HashMap<>();
    int tallest = 0;
    for (List<Vertex> col : byColumn) {
      Map<String, Double> barycentre = new HashMap<>();
      for (Vertex v : col) {
        List<String> pred = predecessors.getOrDefault(v.id(), List.of());
        barycentre.put(
            v.id(),
            pred.stream()
                .filter(row::containsKey)
                .mapToInt(row::get)
                .average()
                .orElse(Double.MAX_VALUE));
      }
      col.sort(
          Comparator.comparingDouble((Vertex v) -> barycentre.get(v.id()))
              .thenComparing(Vertex::type)
              .thenComparing(Vertex::id));
      for (int i = 0; i < col.size(); i++) {
        row.put(col.get(i).id(), i);
      }
      tallest = Math.max(tallest, col.size());
    }

    // a crowded layer is dealt round-robin into sub-columns, keeping its order top to bottom, so
    // that 200 vertices fit on a screen or two at full size instead of one column metres long
    int rows = Math.min(tallest, MAX_ROWS);
    Map<String, Node> placed = new LinkedHashMap<>();
    double x = PADDING;
    for (int c = 0; c < columns; c++) {
      List<Vertex> col = byColumn.get(c);
      int split = Math.max(1, (col.size() + MAX_ROWS - 1) / MAX_ROWS);
      int height = (col.size() + split - 1) / split;
      // centre short columns against the tallest, so that the picture reads as one flow
      double offset = (rows - height) * ROW_PITCH / 2;
      for (int i = 0; i < col.size(); i++) {
        Vertex v = col.get(i);
        List<String> label = label(v);
        double h = label.size() * LINE_HEIGHT + 14;
        double vx = x + (i % split) * (NODE_WIDTH + SUBCOLUMN_GAP);
        double vy = PADDING + offset + (i / split) * ROW_PITCH + (ROW_PITCH - 10 - h) / 2;
        placed.put(v.id(), new Node(v, c, vx, vy, h, label));
      }
      x += split * NODE_WIDTH + (split - 1) * SUBCOLUMN_GAP + COLUMN_GAP;
    }
    List<Link> links = new ArrayList<>();
    for (Edge e : edges) {
      links.add(
          new Link(
              e,
              placed.get(e.from()),
              placed.get(e.to()),
              pathsOfEdge.getOrDefault(key(e), List.of())));
    }
    double width = x - COLUMN_GAP + PADDING;
    double height = 2 * PADDING + Math.max(1, rows) * ROW_PITCH;
    return new GraphLayout(
        List.copyOf(placed.values()), links, width, height, g.vertices().size(), g.edges().size());
  }

  /**
   * The vertices to draw: every vertex with an edge when they are few enough; otherwise the entry
   * points, the vertices on the paths, then their neighbours in edge order until the limit.
   */
  private static Set<String> select(AttackGraph g, List<AttackPath> paths, int max) {
    Set<String> connected = new LinkedHashSet<>();
    for (Edge e : g.edges()) {
      connected.add(e.from());
      connected.add(e.to());
    }
    if (connected.size() <= max) {
      return connected;
    }
    Set<String> shown = new LinkedHashSet<>();
    g.vertices().stream()
        .filter(v -> v.type() == VertexType.ENTRY_POINT && connected.contains(v.id()))
        .forEach(v -> shown.add(v.id()));
    for (AttackPath p : paths) {
      for (Edge e : p.hops()) {
        shown.add(e.from());
        shown.add(e.to());
      }
    }
    Set<String> core = Set.copyOf(shown);
    for (Edge e : g.edges()) {
      if (shown.size() >= max) {
        break;
      }
      if (core.contains(e.from())) {
        shown.add(e.to());
      } else if (core.contains(e.to())) {
        shown.add(e.from());
      }
    }
    return shown;
  }

  /**
   * Entry points at 0, crown jewels after every other column, the rest at their breadth-first
   * depth; a vertex the search does not reach (only an edge into the picture) sits one column
   * before its nearest placed successor.
   */
  private static Map<String, Integer> columns(Map<String, Vertex> vertices, List<Edge> edges) {
    Map<String, List<String>> out = new HashMap<>();
    edges.forEach(e -> out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to()));
    Map<String, Integer> depth = new HashMap<>();
    ArrayDeque<String> queue = new ArrayDeque<>();
    for (Vertex v : vertices.values()) {
      if (v.type() == VertexType.ENTRY_POINT) {
        depth.put(v.id(), 0);
        queue.add(v.id());
      }
    }
    while (!queue.isEmpty()) {
      String v = queue.poll();
      for (String w : out.getOrDefault(v, List.of())) {
        if (!depth.containsKey(w)) {
          depth.put(w, depth.get(v) + 1);
          queue.add(w);
        }
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Edge e : edges) {
        if (!depth.containsKey(e.from()) && depth.containsKey(e.to())) {
          depth.put(e.from(), Math.max(1, depth.get(e.to()) - 1));
          changed = true;
        } else if (depth.containsKey(e.from()) && !depth.containsKey(e.to())) {
          depth.put(e.to(), depth.get(e.from()) + 1);
          changed = true;
        }
      }
    }
    int deepest = 0;
    for (Vertex v : vertices.values()) {
      if (v.type() != VertexType.CROWN_JEWEL) {
        depth.putIfAbsent(v.id(), 1);
        deepest = Math.max(deepest, depth.get(v.id()));
      }
    }
    Map<String, Integer> column = new HashMap<>();
    for (Vertex v : vertices.values()) {
      column.put(v.id(), v.type() == VertexType.CROWN_JEWEL ? deepest + 1 : depth.get(v.id()));
    }
    return column;
  }

  /** The name wrapped to the box, then the type and namespace; long words are cut with "…". */
  static List<String> label(Vertex v) {
    List<String> lines = wrap(v.name().isEmpty() ? v.id() : v.name(), LABEL_CHARS, LABEL_LINES - 1);
    String kind = v.type().label();
    lines.add(v.namespace().isEmpty() ? kind : kind + " · " + v.namespace());
    lines.set(lines.size() - 1, cut(lines.get(lines.size() - 1), LABEL_CHARS));
    return lines;
  }

  static List<String> wrap(String text, int width, int maxLines) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    // break after separators too, so that ids like system:serviceaccount:ns:name wrap
    for (String word : text.split("(?<=[\\s/:,.-])")) {
      if (line.length() > 0 && line.length() + word.length() > width) {
        lines.add(line.toString().strip());
        line.setLength(0);
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString().strip());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size() && i < maxLines; i++) {
      boolean last = i == maxLines - 1 && lines.size() > maxLines;
      out.add(cut(last ? lines.get(i) + "…" : lines.get(i), width));
    }
    return out;
  }

  private static String cut(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  private static String key(Edge e) {
    return e.from() + "\u0000" + e.to() + "\u0000" + e.technique();
  }
}
