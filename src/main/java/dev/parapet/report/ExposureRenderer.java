package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.netpol.Exposure;
import dev.parapet.netpol.Exposure.Entry;
import dev.parapet.netpol.Exposure.Target;
import dev.parapet.netpol.Policy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Renders what can be reached from outside the cluster as a table or JSON. */
public final class ExposureRenderer {
  public static final String SCHEMA_VERSION = "1";

  private static final List<String> HEADER =
      List.of("KIND", "ADDRESS", "SERVICE", "WORKLOADS", "RESTRICTED", "POLICIES", "AT", "NOTES");

  private ExposureRenderer() {}

  /** One line per entry, columns aligned, notes last. */
  public static void table(List<Entry> entries, Appendable out) throws IOException {
    if (entries.isEmpty()) {
      out.append("nothing reachable from outside the cluster\n");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Entry e : entries) {
      rows.add(
          List.of(
              e.kind().label(),
              e.address(),
              e.service().orElse("-"),
              workloads(e),
              e.restricted().label(),
              e.policies().isEmpty()
                  ? "-"
                  : String.join(",", e.policies().stream().map(Exposure::name).toList()),
              e.location().file() + ":" + e.location().line(),
              String.join("; ", e.notes())));
    }
    int[] width = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(width[i] - cell.length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String workloads(Entry e) {
    if (e.targets().isEmpty()) {
      return "-";
    }
    List<String> out = new ArrayList<>();
    for (Target t : e.targets()) {
      out.add(t.group().display() + " " + NetpolRenderer.ports(t.ports()));
    }
    return String.join(", ", out);
  }

  public static void json(List<Entry> entries, Appendable out) throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode array = root.putArray("exposures");
    for (Entry e : entries) {
      ObjectNode o = array.addObject();
      o.put("kind", e.kind().label());
      o.put("address", e.address());
      if (e.service().isPresent()) {
        o.put("service", e.service().get());
      } else {
        o.putNull("service");
      }
      o.put("file", e.location().file());
      o.put("line", e.location().line());
      o.put("column", e.location().column());
      o.put("pointer", e.location().pointer());
      o.put("restricted", e.restricted().label());
      ArrayNode workloads = o.putArray("workloads");
      for (Target t : e.targets()) {
        ObjectNode w = workloads.addObject();
        w.put("workload", t.group().display());
        w.put("ports", NetpolRenderer.ports(t.ports()));
        w.put("restricted", t.restricted().label());
        ArrayNode policies = w.putArray("policies");
        for (Policy p : t.policies()) {
          policies
              .addObject()
              .put("name", Exposure.name(p))
              .put("file", p.object().location().file())
              .put("line", p.object().location().line());
        }
      }
      ArrayNode notes = o.putArray("notes");
      e.notes().forEach(notes::add);
    }
    Tool.writeJson(root, out);
  }
}
