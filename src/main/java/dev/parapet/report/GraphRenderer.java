package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Edge;
import dev.parapet.graph.Paths;
import dev.parapet.graph.Remediation;
import dev.parapet.graph.Techniques;
import dev.parapet.graph.Vertex;
import dev.parapet.model.Location;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes the attack graph and attack paths: JSON, Graphviz DOT and a text table. */
public final class GraphRenderer {
  private GraphRenderer() {}

  /** Version of the JSON layout of {@code graph} and {@code paths}. */
  public static final int SCHEMA_VERSION = 1;

  public static void graphJson(AttackGraph g, Appendable out) throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode vertices = root.putArray("vertices");
    for (Vertex v : g.vertices()) {
      vertices.add(vertex(v));
    }
    ArrayNode edges = root.putArray("edges");
    for (Edge e : g.edges()) {
      edges.add(edge(e));
    }
    Tool.writeJson(root, out);
  }

  public static void pathsJson(
      AttackGraph g, List<AttackPath> paths, Remediation.Cut cut, Appendable out)
      throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode list = root.putArray("paths");
    for (AttackPath p : paths) {
      ObjectNode o = list.addObject();
      o.put("from", p.from());
      o.put("to", p.to());
      o.put("length", p.hops().size());
      ArrayNode hops = o.putArray("hops");
      p.hops().forEach(e -> hops.add(edge(e)));
    }
    ObjectNode techniques = root.putObject("techniques");
    Paths.techniqueCounts(paths).forEach(techniques::put);
    ObjectNode findings = root.putObject("findings");
    Paths.findingCounts(paths).forEach(findings::put);
    ObjectNode remediation = root.putObject("remediation");
    ObjectNode minimum = remediation.putObject("minimumCut");
    minimum.put("complete", cut.complete());
    ArrayNode fixes = minimum.putArray("fixes");
    cut.fixes().forEach(fixes::add);
    ArrayNode cutEdges = minimum.putArray("edges");
    cut.edges().forEach(e -> cutEdges.add(edge(e)));
    ArrayNode ranking = remediation.putArray("ranking");
    for (Remediation.Step s : Remediation.ranking(paths)) {
      ObjectNode o = ranking.addObject();
      o.put("fix", s.fix());
      o.put("removes", s.removes());
      o.put("left", s.left());
    }
    Tool.writeJson(root, out);
  }

  public static void pathsTable(
      AttackGraph g, List<AttackPath> paths, Remediation.Cut cut, Appendable out)
      throws IOException {
    if (paths.isEmpty()) {
      out.append("no attack path from the entry points to a crown jewel\n");
      return;
    }
    int n = 0;
    for (AttackPath p : paths) {
      n++;
      out.append(
          String.format(
              "%d. %s -> %s (%d steps)%n", n, name(g, p.from()), name(g, p.to()), p.hops().size()));
      for (Edge e : p.hops()) {
        out.append("   ")
            .append(e.technique())
            .append(": ")
            .append(name(g, e.from()))
            .append(" -> ")
            .append(name(g, e.to()))
            .append('\n');
        out.append("      ").append(e.explanation());
        if (!e.evidence().isEmpty()) {
          Location l = e.evidence().get(0);
          out.append(" (")
              .append(l.file())
              .append(':')
              .append(String.valueOf(l.line()))
              .append(')');
        }
        out.append('\n');
      }
    }
    out.append("\n== Techniques on these paths ==\n");
    for (Map.Entry<String, Integer> e : Paths.techniqueCounts(paths).entrySet()) {
      out.append(String.format("%-28s %5d%n", e.getKey(), e.getValue()));
    }
    Map<String, Integer> findings = Paths.findingCounts(paths);
    if (!findings.isEmpty()) {
      out.append("\n== Findings on these paths ==\n");
      for (Map.Entry<String, Integer> e : findings.entrySet()) {
        out.append(String.format("%-28s %5d%n", e.getKey(), e.getValue()));
      }
    }
    out.append("\n== Fewest fixes that cut every path (minimum cut) ==\n");
    if (!cut.complete()) {
      out.append(
          "no set of fixes cuts every path: some path has no step a finding's fix removes\n");
    } else {
      out.append(String.join(", ", cut.fixes())).append('\n');
    }
    List<Remediation.Step> ranking = Remediation.ranking(paths);
    if (!ranking.isEmpty()) {
      out.append("\n== Fixes ranked by the paths they remove ==\n");
      int i = 0;
      for (Remediation.Step s : ranking) {
        out.append(
            String.format("%d. %-24s removes %d, %d left%n", ++i, s.fix(), s.removes(), s.left()));
      }
    }
  }

  /** DOT of the whole graph, or of the edges of {@code paths} when given. */
  public static void dot(AttackGraph g, List<AttackPath> paths, boolean onlyPaths, Appendable out)
      throws IOException {
    Set<Edge> edges = new LinkedHashSet<>();
    if (onlyPaths) {
      paths.forEach(p -> edges.addAll(p.hops()));
    } else {
      edges.addAll(g.edges());
    }
    Set<String> ids = new LinkedHashSet<>();
    edges.forEach(
        e -> {
          ids.add(e.from());
          ids.add(e.to());
        });
    if (!onlyPaths) {
      g.vertices().forEach(v -> ids.add(v.id()));
    }
    out.append("digraph attack {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
    for (String id : ids) {
      Vertex v = g.vertex(id).orElseThrow();
      out.append("  ")
          .append(quote(id))
          .append(" [label=")
          .append(quote(v.type().label() + "\\n" + v.name()))
          .append(", shape=")
          .append(shape(v))
          .append("];\n");
    }
    for (Edge e : edges) {
      out.append("  ")
          .append(quote(e.from()))
          .append(" -> ")
          .append(quote(e.to()))
          .append(" [label=")
          .append(quote(e.technique()))
          .append("];\n");
    }
    out.append("}\n");
  }

  private static String shape(Vertex v) {
    return switch (v.type()) {
      case ENTRY_POINT -> "invhouse";
      case CROWN_JEWEL -> "doubleoctagon";
      case NODE -> "box3d";
      case IDENTITY -> "ellipse";
      default -> "box";
    };
  }

  private static String name(AttackGraph g, String id) {
    return g.vertex(id).map(v -> v.name()).orElse(id);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\\\\n", "\\n") + "\"";
  }

  private static ObjectNode vertex(Vertex v) {
    ObjectNode o = Tool.nodes().objectNode();
    o.put("id", v.id());
    o.put("type", v.type().label());
    o.put("name", v.name());
    o.put("namespace", v.namespace());
    v.at()
        .ifPresent(
            l -> {
              o.put("file", l.file());
              o.put("line", l.line());
            });
    return o;
  }

  private static ObjectNode edge(Edge e) {
    ObjectNode o = Tool.nodes().objectNode();
    o.put("from", e.from());
    o.put("to", e.to());
    o.put("technique", e.technique());
    Techniques.shipped()
        .get(e.technique())
        .ifPresent(t -> o.put("mitre", t.mitreId() + " " + t.mitreName()));
    o.put("explanation", e.explanation());
    ArrayNode evidence = o.putArray("evidence");
    for (Location l : e.evidence()) {
      ObjectNode x = evidence.addObject();
      x.put("file", l.file());
      x.put("line", l.line());
      x.put("column", l.column());
      x.put("pointer", l.pointer());
    }
    ArrayNode fixedBy = o.putArray("fixedBy");
    e.fixedBy().forEach(fixedBy::add);
    return o;
  }
}
