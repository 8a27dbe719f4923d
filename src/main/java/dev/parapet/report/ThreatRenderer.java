package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Edge;
import dev.parapet.threat.Status;
import dev.parapet.threat.Threat;
import dev.parapet.threat.ThreatCatalogue;
import dev.parapet.threat.ThreatModel;
import dev.parapet.threat.ThreatModel.Actor;
import dev.parapet.threat.ThreatModel.AssessedThreat;
import dev.parapet.threat.ThreatModel.Asset;
import dev.parapet.threat.ThreatModel.Boundary;
import dev.parapet.threat.ThreatModel.DataFlow;
import dev.parapet.threat.ThreatModel.EntryPoint;
import dev.parapet.threat.ThreatModel.Evidence;
import dev.parapet.threat.ThreatModel.Flow;
import dev.parapet.threat.ThreatModel.FlowNode;
import dev.parapet.threat.ThreatModel.Zone;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a threat model: Markdown (with a Mermaid data-flow diagram), JSON, and the data-flow
 * diagram alone as Graphviz DOT or Mermaid, for the HTML report to embed.
 */
public final class ThreatRenderer {
  private ThreatRenderer() {}

  /** Version of the JSON layout of {@code threat-model}. */
  public static final int SCHEMA_VERSION = 1;

  /** How many crossings of a boundary, paths of an actor, pieces of evidence Markdown shows. */
  private static final int SHOWN = 10;

  public static void json(ThreatModel m, Appendable out) throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode inputs = root.putArray("inputs");
    m.inputs().forEach(inputs::add);
    ObjectNode summary = root.putObject("summary");
    for (Status s : Status.values()) {
      summary.put(s.label(), m.count(s));
    }
    ArrayNode assets = root.putArray("assets");
    for (Asset a : m.assets()) {
      ObjectNode o = assets.addObject();
      o.put("id", a.id());
      o.put("name", a.name());
      o.put("description", a.description());
      ArrayNode h = o.putArray("holdings");
      a.holdings().forEach(h::add);
    }
    ArrayNode actors = root.putArray("actors");
    for (Actor a : m.actors()) {
      ObjectNode o = actors.addObject();
      o.put("id", a.id());
      o.put("name", a.name());
      o.put("description", a.description());
      ArrayNode entries = o.putArray("entries");
      a.entries().forEach(entries::add);
      ArrayNode paths = o.putArray("paths");
      for (AttackPath p : a.paths()) {
        ObjectNode x = paths.addObject();
        x.put("from", p.from());
        x.put("to", p.to());
        x.put("length", p.hops().size());
        ArrayNode hops = x.putArray("hops");
        p.hops().forEach(e -> hops.add(edge(e)));
      }
    }
    ArrayNode entries = root.putArray("entryPoints");
    for (EntryPoint e : m.entryPoints()) {
      ObjectNode o = entries.addObject();
      o.put("kind", e.kind());
      o.put("address", e.address());
      ArrayNode reaches = o.putArray("reaches");
      e.reaches().forEach(reaches::add);
      o.put("restricted", e.restricted());
      e.at()
          .ifPresent(
              l -> {
                o.put("file", l.file());
                o.put("line", l.line());
              });
    }
    ArrayNode boundaries = root.putArray("boundaries");
    for (Boundary b : m.boundaries()) {
      ObjectNode o = boundaries.addObject();
      o.put("id", b.id());
      o.put("name", b.name());
      o.put("crossedBy", b.crossedBy());
      ArrayNode crossings = o.putArray("crossings");
      b.crossings().forEach(e -> crossings.add(edge(e)));
    }
    ArrayNode threats = root.putArray("threats");
    for (AssessedThreat a : m.threats()) {
      Threat t = a.threat();
      ObjectNode o = threats.addObject();
      o.put("id", t.id());
      o.put("component", t.component());
      o.put("stride", stride(t));
      o.put("title", t.title());
      o.put("description", t.description());
      o.put("status", a.status().label());
      o.put("reason", a.reason());
      ObjectNode decided = o.putObject("decidedBy");
      ArrayNode checks = decided.putArray("checks");
      t.checks().forEach(checks::add);
      ArrayNode techniques = decided.putArray("techniques");
      t.techniques().forEach(techniques::add);
      ArrayNode bench = decided.putArray("bench");
      t.benchEntries().forEach(bench::add);
      ArrayNode needs = o.putArray("needs");
      t.needs().forEach(n -> needs.add(n.label()));
      ArrayNode mitigations = o.putArray("mitigations");
      t.mitigations().forEach(mitigations::add);
      ArrayNode evidence = o.putArray("evidence");
      for (Evidence e : a.evidence()) {
        ObjectNode x = evidence.addObject();
        x.put("kind", e.kind());
        x.put("id", e.id());
        x.put("text", e.text());
        e.at()
            .ifPresent(
                l -> {
                  x.put("file", l.file());
                  x.put("line", l.line());
                  x.put("column", l.column());
                });
      }
    }
    ObjectNode flow = root.putObject("dataFlow");
    ArrayNode zones = flow.putArray("zones");
    for (Zone z : m.dataFlow().zones()) {
      ObjectNode o = zones.addObject();
      o.put("id", z.id());
      o.put("label", z.label());
      ArrayNode nodes = o.putArray("nodes");
      z.nodes().forEach(n -> nodes.add(node(n)));
    }
    ArrayNode outside = flow.putArray("outside");
    m.dataFlow().outside().forEach(n -> outside.add(node(n)));
    ArrayNode flows = flow.putArray("flows");
    for (Flow f : m.dataFlow().flows()) {
      ObjectNode o = flows.addObject();
      o.put("from", f.from());
      o.put("to", f.to());
      o.put("label", f.label());
    }
    Tool.writeJson(root, out);
  }

  public static void markdown(ThreatModel m, Appendable out) throws IOException {
    out.append("# Threat model\n\n");
    out.append("Inputs: ").append(String.join(", ", m.inputs())).append("\n\n");
    out.append(
        String.format(
            "%d threats: %d exposed, %d mitigated, %d unknown (the input lacks what judges"
                + " them).%n%n",
            m.threats().size(),
            m.count(Status.EXPOSED),
            m.count(Status.MITIGATED),
            m.count(Status.UNKNOWN)));
    out.append("## Assets\n\n| asset | what it is | in the input |\n| --- | --- | --- |\n");
    for (Asset a : m.assets()) {
      out.append("| ")
          .append(a.name())
          .append(" | ")
          .append(a.description())
          .append(" | ")
          .append(a.holdings().isEmpty() ? "none shown" : cell(shortList(a.holdings())))
          .append(" |\n");
    }
    out.append("\n## Threat actors\n\n");
    for (Actor a : m.actors()) {
      out.append("### ").append(a.name()).append("\n\n").append(a.description()).append(".\n");
      out.append("Starts from ").append(String.join(", ", a.entries())).append(": ");
      if (a.paths().isEmpty()) {
        out.append("no attack path to a crown jewel or a node.\n\n");
        continue;
      }
      out.append(String.valueOf(a.paths().size())).append(" attack path(s), shortest first.\n\n");
      for (AttackPath p : a.paths().subList(0, Math.min(SHOWN, a.paths().size()))) {
        out.append("- `").append(p.from());
        for (Edge e : p.hops()) {
          out.append(" -[").append(e.technique()).append("]-> ").append(e.to());
        }
        out.append("`\n");
      }
      more(out, a.paths().size());
      out.append("\n");
    }
    out.append("## Entry points\n\n| kind | address | reaches | restricted | at |\n");
    out.append("| --- | --- | --- | --- | --- |\n");
    for (EntryPoint e : m.entryPoints()) {
      out.append("| ")
          .append(e.kind())
          .append(" | ")
          .append(cell(e.address()))
          .append(" | ")
          .append(cell(String.join(", ", e.reaches())))
          .append(" | ")
          .append(e.restricted())
          .append(" | ")
          .append(e.at().map(l -> l.file() + ":" + l.line()).orElse(""))
          .append(" |\n");
    }
    out.append("\n## Trust boundaries\n\n");
    for (Boundary b : m.boundaries()) {
      out.append("### ")
          .append(b.name())
          .append("\n\nCrossed by ")
          .append(b.crossedBy())
          .append(": ")
          .append(String.valueOf(b.crossings().size()))
          .append(" edge(s) of the attack graph.\n\n");
      for (Edge e : b.crossings().subList(0, Math.min(SHOWN, b.crossings().size()))) {
        out.append("- `")
            .append(e.from())
            .append(" -[")
            .append(e.technique())
            .append("]-> ")
            .append(e.to())
            .append("`\n");
      }
      more(out, b.crossings().size());
      out.append("\n");
    }
    out.append("## Threats\n\n");
    for (String component : ThreatCatalogue.COMPONENTS) {
      List<AssessedThreat> ts =
          m.threats().stream().filter(a -> a.threat().component().equals(component)).toList();
      if (ts.isEmpty()) {
        continue;
      }
      out.append("### ").append(component).append("\n\n");
      out.append("| id | STRIDE | threat | status | why |\n| --- | --- | --- | --- | --- |\n");
      for (AssessedThreat a : ts) {
        out.append("| ")
            .append(a.threat().id())
            .append(" | ")
            .append(a.threat().stride().label())
            .append(" | ")
            .append(cell(a.threat().title()))
            .append(" | ")
            .append(a.status().label())
            .append(" | ")
            .append(cell(a.reason()))
            .append(" |\n");
      }
      out.append("\n");
      for (AssessedThreat a : ts) {
        if (a.status() != Status.EXPOSED) {
          continue;
        }
        out.append("**")
            .append(a.threat().id())
            .append(" ")
            .append(a.threat().title())
            .append("**: ")
            .append(a.threat().description())
            .append("\n\n");
        for (Evidence e : a.evidence().subList(0, Math.min(SHOWN, a.evidence().size()))) {
          out.append("- ")
              .append(e.kind())
              .append(" ")
              .append(e.id())
              .append(e.at().map(l -> " at " + l.file() + ":" + l.line()).orElse(""))
              .append(": ")
              .append(e.text())
              .append("\n");
        }
        more(out, a.evidence().size());
        out.append("\nMitigations:\n");
        for (String s : a.threat().mitigations()) {
          out.append("- ").append(s).append("\n");
        }
        out.append("\n");
      }
    }
    out.append("## Data flow\n\n```mermaid\n");
    mermaid(m.dataFlow(), out);
    out.append("```\n");
  }

  /**
   * The data-flow diagram as a Mermaid flowchart: namespaces and the control plane as subgraphs.
   */
  public static void mermaid(DataFlow d, Appendable out) throws IOException {
    Map<String, String> ids = shortIds(d);
    out.append("flowchart LR\n");
    for (FlowNode n : d.outside()) {
      out.append("  ").append(ids.get(n.id())).append(box(n)).append("\n");
    }
    for (Zone z : d.zones()) {
      out.append("  subgraph ")
          .append("z")
          .append(String.valueOf(d.zones().indexOf(z) + 1))
          .append("[\"")
          .append(mermaidText(z.label()))
          .append("\"]\n");
      for (FlowNode n : z.nodes()) {
        out.append("    ").append(ids.get(n.id())).append(box(n)).append("\n");
      }
      out.append("  end\n");
    }
    for (Flow f : d.flows()) {
      out.append("  ")
          .append(ids.get(f.from()))
          .append(" -- \"")
          .append(mermaidText(f.label()))
          .append("\" --> ")
          .append(ids.get(f.to()))
          .append("\n");
    }
  }

  /** The data-flow diagram for Graphviz: namespaces and the control plane as clusters. */
  public static void dot(DataFlow d, Appendable out) throws IOException {
    out.append("digraph dataflow {\n  rankdir=LR;\n  node [shape=box];\n");
    for (FlowNode n : d.outside()) {
      out.append("  ").append(quote(n.id())).append(" [label=").append(quote(n.label()));
      out.append(n.kind().equals("internet") ? ", shape=ellipse" : ", shape=cds");
      out.append("];\n");
    }
    int i = 0;
    for (Zone z : d.zones()) {
      out.append("  subgraph cluster_")
          .append(String.valueOf(++i))
          .append(" {\n    label=")
          .append(quote(z.label()))
          .append(";\n    style=dashed;\n");
      for (FlowNode n : z.nodes()) {
        out.append("    ")
            .append(quote(n.id()))
            .append(" [label=")
            .append(quote(n.label()))
            .append("];\n");
      }
      out.append("  }\n");
    }
    for (Flow f : d.flows()) {
      out.append("  ")
          .append(quote(f.from()))
          .append(" -> ")
          .append(quote(f.to()))
          .append(" [label=")
          .append(quote(f.label()))
          .append("];\n");
    }
    out.append("}\n");
  }

  private static Map<String, String> shortIds(DataFlow d) {
    Map<String, String> ids = new LinkedHashMap<>();
    d.outside().forEach(n -> ids.put(n.id(), "n" + (ids.size() + 1)));
    d.zones().forEach(z -> z.nodes().forEach(n -> ids.put(n.id(), "n" + (ids.size() + 1))));
    return ids;
  }

  private static String box(FlowNode n) {
    String text = "\"" + mermaidText(n.label()) + "\"";
    return switch (n.kind()) {
      case "internet" -> "((" + text + "))";
      case "entry-point" -> ">" + text + "]";
      case "control-plane" -> "[[" + text + "]]";
      default -> "[" + text + "]";
    };
  }

  private static String mermaidText(String s) {
    return s.replace("\"", "#quot;");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String shortList(List<String> items) {
    return items.size() <= 5
        ? String.join(", ", items)
        : items.subList(0, 5).stream().collect(Collectors.joining(", "))
            + " and "
            + (items.size() - 5)
            + " more";
  }

  private static void more(Appendable out, int size) throws IOException {
    if (size > SHOWN) {
      out.append("- ... and ").append(String.valueOf(size - SHOWN)).append(" more\n");
    }
  }

  private static String stride(Threat t) {
    return t.stride().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static ObjectNode node(FlowNode n) {
    ObjectNode o = Tool.nodes().objectNode();
    o.put("id", n.id());
    o.put("label", n.label());
    o.put("kind", n.kind());
    return o;
  }

  private static ObjectNode edge(Edge e) {
    ObjectNode o = Tool.nodes().objectNode();
    o.put("from", e.from());
    o.put("to", e.to());
    o.put("technique", e.technique());
    return o;
  }

  /**
   * The threat model as a section of the HTML report: the count by status and one row per threat
   * with its component, STRIDE category, status, reason and first evidence. Every value is escaped;
   * no inline style (the report's Content-Security-Policy allows none).
   */
  public static void html(ThreatModel m, Appendable out) throws IOException {
    out.append("<p>")
        .append(
            HtmlRenderer.escape(
                String.format(
                    "%d threats: %d exposed, %d mitigated, %d unknown (the input lacks what"
                        + " judges them).",
                    m.threats().size(),
                    m.count(Status.EXPOSED),
                    m.count(Status.MITIGATED),
                    m.count(Status.UNKNOWN))))
        .append("</p>\n<table class=\"threats\">\n<thead><tr><th>id</th><th>component</th>")
        .append(
            "<th>STRIDE</th><th>threat</th><th>status</th><th>why</th></tr></thead>\n<tbody>\n");
    for (ThreatModel.AssessedThreat t : m.threats()) {
      String evidence =
          t.evidence().stream()
              .limit(3)
              .map(e -> e.id() + e.at().map(l -> " (" + l.file() + ":" + l.line() + ")").orElse(""))
              .collect(java.util.stream.Collectors.joining("; "));
      out.append("<tr class=\"threat status-")
          .append(t.status().name().toLowerCase(java.util.Locale.ROOT))
          .append("\"><td>")
          .append(HtmlRenderer.escape(t.threat().id()))
          .append("</td><td>")
          .append(HtmlRenderer.escape(t.threat().component()))
          .append("</td><td>")
          .append(HtmlRenderer.escape(t.threat().stride().label()))
          .append("</td><td>")
          .append(HtmlRenderer.escape(t.threat().title()))
          .append("</td><td>")
          .append(HtmlRenderer.escape(t.status().name().toLowerCase(java.util.Locale.ROOT)))
          .append("</td><td>")
          .append(HtmlRenderer.escape(t.reason() + (evidence.isEmpty() ? "" : ": " + evidence)))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }
}
