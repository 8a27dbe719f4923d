package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.pss.NamespacePolicy;
import dev.parapet.pss.PssReport;
import java.io.IOException;
import java.util.Optional;

/** Renders the answer of {@code parapet pss} as a table or as JSON. */
public final class PssRenderer {
  public static final String SCHEMA_VERSION = "1";

  private PssRenderer() {}

  public static void table(PssReport report, Appendable out, boolean color) throws IOException {
    Ansi ansi = new Ansi(color);
    out.append("Pod Security Standards ")
        .append(report.level().label())
        .append(":")
        .append(report.version().toString())
        .append("\n\n");
    String currentNs = null;
    for (PssReport.WorkloadResult w : report.workloads()) {
      if (!w.namespace().equals(currentNs)) {
        currentNs = w.namespace();
        out.append(ansi.bold("namespace " + (currentNs.isEmpty() ? "(cluster)" : currentNs)))
            .append('\n');
      }
      out.append("  ")
          .append(w.allowed() ? ansi.green("allowed  ") : ansi.red("forbidden"))
          .append(" ")
          .append(w.kind())
          .append(" ")
          .append(w.name())
          .append("  ")
          .append(ansi.dim(w.location().display()))
          .append("  (meets ")
          .append(w.highestLevel().label())
          .append(")\n");
      for (PssReport.ViolationResult v : w.violations()) {
        out.append("      ")
            .append(ansi.dim(v.location().line() + ":" + v.location().column()))
            .append(" ")
            .append(v.message());
        if (v.missingField() != null) {
          out.append(ansi.dim(" (missing " + v.missingField() + ")"));
        }
        out.append('\n');
      }
    }
    out.append("\nNamespaces (most restrictive level that admits every workload):\n");
    for (PssReport.NamespaceResult n : report.namespaces()) {
      out.append("  ")
          .append(pad(n.name(), 24))
          .append(" ")
          .append(pad(n.highestLevel().label(), 10))
          .append(" enforce=")
          .append(mode(n.enforce(), n.declared()));
      if (n.rejectedByEnforce() > 0) {
        out.append(ansi.red("  " + n.rejectedByEnforce() + " workload(s) rejected by enforce"));
      }
      out.append('\n');
    }
    long forbidden = report.workloads().stream().filter(w -> !w.allowed()).count();
    out.append('\n')
        .append(String.valueOf(report.workloads().size()))
        .append(" workloads: ")
        .append(String.valueOf(report.workloads().size() - forbidden))
        .append(" allowed, ")
        .append(String.valueOf(forbidden))
        .append(" forbidden at ")
        .append(report.level().label())
        .append(":")
        .append(report.version().toString())
        .append('\n');
  }

  private static String mode(Optional<NamespacePolicy.ModePolicy> p, boolean declared) {
    if (!declared) {
      return "(namespace not in input)";
    }
    return p.map(m -> m.display() + (m.invalid() == null ? "" : " (" + m.invalid() + ")"))
        .orElse("(none)");
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  public static void json(PssReport report, Appendable out) throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("level", report.level().label());
    root.put("version", report.version().toString());
    root.put("allAllowed", report.allAllowed());
    ArrayNode workloads = root.putArray("workloads");
    for (PssReport.WorkloadResult w : report.workloads()) {
      ObjectNode o = workloads.addObject();
      o.put("kind", w.kind());
      o.put("namespace", w.namespace());
      o.put("name", w.name());
      o.put("file", w.location().file());
      o.put("line", w.location().line());
      o.put("column", w.location().column());
      if (w.location().helmSource() != null) {
        o.put("helmSource", w.location().helmSource());
      }
      o.put("allowed", w.allowed());
      o.put("highestLevel", w.highestLevel().label());
      ArrayNode vs = o.putArray("violations");
      for (PssReport.ViolationResult v : w.violations()) {
        ObjectNode vo = vs.addObject();
        vo.put("control", v.control());
        vo.put("message", v.message());
        vo.put("file", v.location().file());
        vo.put("line", v.location().line());
        vo.put("column", v.location().column());
        vo.put("pointer", v.location().pointer());
        if (v.missingField() != null) {
          vo.put("missingField", v.missingField());
        }
      }
    }
    ArrayNode namespaces = root.putArray("namespaces");
    for (PssReport.NamespaceResult n : report.namespaces()) {
      ObjectNode o = namespaces.addObject();
      o.put("name", n.name());
      o.put("declared", n.declared());
      o.put("workloads", n.workloads());
      o.put("highestLevel", n.highestLevel().label());
      putMode(o, "enforce", n.enforce());
      putMode(o, "audit", n.audit());
      putMode(o, "warn", n.warn());
      o.put("rejectedByEnforce", n.rejectedByEnforce());
    }
    Tool.writeJson(root, out);
  }

  private static void putMode(ObjectNode o, String name, Optional<NamespacePolicy.ModePolicy> p) {
    if (p.isEmpty()) {
      o.putNull(name);
    } else {
      o.put(name, p.get().display());
    }
  }

  /** Minimal ANSI styling, off when colours are not wanted. */
  static final class Ansi {
    private final boolean on;

    Ansi(boolean on) {
      this.on = on;
    }

    String wrap(String code, String s) {
      return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    String bold(String s) {
      return wrap("1", s);
    }

    String dim(String s) {
      return wrap("2", s);
    }

    String red(String s) {
      return wrap("31", s);
    }

    String green(String s) {
      return wrap("32", s);
    }
  }
}
