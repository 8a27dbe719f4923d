package dev.parapet.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parapet.netpol.Connectivity.Connection;
import dev.parapet.netpol.IngressController;
import dev.parapet.netpol.IpRange;
import dev.parapet.netpol.Peer;
import dev.parapet.netpol.PodGroup;
import dev.parapet.netpol.PortSet;
import java.io.IOException;
import java.io.Writer;
import java.nio.CharBuffer;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
    // a matrix may hold millions of rows: names are made once per peer, rows padded by hand
    Map<Peer, String> names = new IdentityHashMap<>();
    int src = "SRC".length();
    int dst = "DST".length();
    for (Connection c : connections) {
      src = Math.max(src, name(names, c.src()).length());
      dst = Math.max(dst, name(names, c.dst()).length());
    }
    row(out, "SRC", src, "DST", dst, "PORTS");
    for (Connection c : connections) {
      row(out, name(names, c.src()), src, name(names, c.dst()), dst, ports(c.ports()));
    }
  }

  private static String name(Map<Peer, String> names, Peer p) {
    return names.computeIfAbsent(p, Peer::display);
  }

  private static void row(
      Appendable out, String src, int srcWidth, String dst, int dstWidth, String ports)
      throws IOException {
    out.append(src);
    pad(out, srcWidth - src.length() + 2);
    out.append(dst);
    pad(out, dstWidth - dst.length() + 2);
    out.append(ports).append(System.lineSeparator());
  }

  private static final String SPACES = " ".repeat(64);

  private static void pad(Appendable out, int n) throws IOException {
    for (int left = n; left > 0; left -= SPACES.length()) {
      out.append(SPACES, 0, Math.min(left, SPACES.length()));
    }
  }

  /**
   * Streams the document (a matrix may hold millions of connections, too many for a JSON tree in
   * memory), with the indentation and separators of every other JSON report.
   */
  public static void json(List<Connection> connections, Appendable out) throws IOException {
    Map<Peer, String> names = new IdentityHashMap<>();
    Map<PortSet, String> portNames = new HashMap<>();
    try (JsonGenerator g = Tool.jsonGenerator(writer(out))) {
      g.writeStartObject();
      g.writeStringField("schemaVersion", SCHEMA_VERSION);
      g.writeArrayFieldStart("connections");
      for (Connection c : connections) {
        g.writeStartObject();
        g.writeStringField("src", name(names, c.src()));
        g.writeStringField("dst", name(names, c.dst()));
        g.writeStringField("ports", portNames.computeIfAbsent(c.ports(), NetpolRenderer::ports));
        g.writeArrayFieldStart("portRanges");
        for (Map.Entry<PortSet.Protocol, List<PortSet.Range>> e : c.ports().ranges().entrySet()) {
          for (PortSet.Range r : e.getValue()) {
            g.writeStartObject();
            g.writeStringField("protocol", e.getKey().name());
            g.writeNumberField("from", r.from());
            g.writeNumberField("to", r.to());
            g.writeEndObject();
          }
        }
        g.writeEndArray();
        g.writeBooleanField("srcExternal", c.src() instanceof IpRange);
        g.writeBooleanField("dstExternal", c.dst() instanceof IpRange);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.append('\n');
  }

  /** The Appendable as a Writer for Jackson's generator; closing it leaves the target open. */
  private static Writer writer(Appendable out) {
    if (out instanceof Writer w) {
      return w;
    }
    return new Writer() {
      @Override
      public void write(char[] buf, int off, int len) throws IOException {
        out.append(CharBuffer.wrap(buf, off, len));
      }

      @Override
      public void write(String str, int off, int len) throws IOException {
        out.append(str, off, off + len);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
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
