package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.netpol.Connectivity.Connection;
import dev.parapet.netpol.IngressController;
import dev.parapet.netpol.IpRange;
import dev.parapet.netpol.Peer;
import dev.parapet.netpol.PodGroup;
import dev.parapet.netpol.PortSet;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Renders the network connectivity matrix as a table, JSON, CSV or a Graphviz digraph. */
public final class NetpolRenderer {
  public static final String SCHEMA_VERSION = "1";

  /** How ports read in every format: {@code all}, or protocols with ports such as TCP 80,443. */
  static String ports(PortSet ports) {
    return ports.isAll() ? "all" : ports.toString();
  }

  private NetpolRenderer() {}

  public static void table(List<Connection> connections, Appendable out) throws IOException {
    if (connections.isEmpty()) {
      out.append("no connection allowed\n");
      return;
    }
    int src = "SRC".length();
    int dst = "DST".length();
    for (Connection c : connections) {
      src = Math.max(src, c.src().display().length());
      dst = Math.max(dst, c.dst().display().length());
    }
    String format = "%-" + src + "s  %-" + dst + "s  %s%n";
    out.append(String.format(format, "SRC", "DST", "PORTS"));
    for (Connection c : connections) {
      out.append(String.format(format, c.src().display(), c.dst().display(), ports(c.ports())));
    }
  }

  public static void json(List<Connection> connections, Appendable out) throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode array = root.putArray("connections");
    for (Connection c : connections) {
      ObjectNode o = array.addObject();
      o.put("src", c.src().display());
      o.put("dst", c.dst().display());
      o.put("ports", ports(c.ports()));
      ArrayNode ranges = o.putArray("portRanges");
      c.ports()
          .ranges()
          .forEach(
              (protocol, rs) ->
                  rs.forEach(
                      r ->
                          ranges
                              .addObject()
                              .put("protocol", protocol.name())
                              .put("from", r.from())
                              .put("to", r.to())));
      o.put("srcExternal", c.src() instanceof IpRange);
      o.put("dstExternal", c.dst() instanceof IpRange);
    }
    Tool.writeJson(root, out);
  }

  public static void csv(List<Connection> connections, Appendable out) throws IOException {
    out.append("src,dst,ports\r\n");
    for (Connection c : connections) {
      out.append(csvField(c.src().display()))
          .append(',')
          .append(csvField(c.dst().display()))
          .append(',')
          .append(csvField(ports(c.ports())))
          .append("\r\n");
    }
  }

  /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
  static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /**
   * A digraph of the connections; {@code workloads} are drawn too when nothing connects them, so an
   * isolated workload shows as a lone node. External ranges are ellipses, the ingress controller a
   * diamond.
   */
  public static void dot(List<PodGroup> workloads, List<Connection> connections, Appendable out)
      throws IOException {
    Map<String, TreeSet<String>> namespaces = new TreeMap<>();
    TreeSet<String> external = new TreeSet<>();
    TreeSet<String> controllers = new TreeSet<>();
    for (PodGroup g : workloads) {
      namespaces.computeIfAbsent(g.namespace(), k -> new TreeSet<>()).add(g.display());
    }
    for (Connection c : connections) {
      for (Peer p : List.of(c.src(), c.dst())) {
        if (p instanceof PodGroup g) {
          namespaces.computeIfAbsent(g.namespace(), k -> new TreeSet<>()).add(g.display());
        } else if (p instanceof IngressController) {
          controllers.add(p.display());
        } else {
          external.add(p.display());
        }
      }
    }
    out.append("digraph netpol {\n");
    out.append("  rankdir=LR;\n");
    out.append("  node [shape=box];\n");
    int cluster = 0;
    for (Map.Entry<String, TreeSet<String>> ns : namespaces.entrySet()) {
      out.append("  subgraph cluster_").append(Integer.toString(cluster++)).append(" {\n");
      out.append("    label=").append(quote(ns.getKey())).append(";\n");
      for (String node : ns.getValue()) {
        String label = node.substring(ns.getKey().length() + 1);
        out.append("    ")
            .append(quote(node))
            .append(" [label=")
            .append(quote(label))
            .append("];\n");
      }
      out.append("  }\n");
    }
    for (String node : external) {
      out.append("  ").append(quote(node)).append(" [shape=ellipse];\n");
    }
    for (String node : controllers) {
      out.append("  ").append(quote(node)).append(" [shape=diamond];\n");
    }
    for (Connection c : connections) {
      out.append("  ")
          .append(quote(c.src().display()))
          .append(" -> ")
          .append(quote(c.dst().display()))
          .append(" [label=")
          .append(quote(ports(c.ports())))
          .append("];\n");
    }
    out.append("}\n");
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
