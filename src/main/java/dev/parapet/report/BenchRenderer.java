package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.bench.BenchReport;
import dev.parapet.bench.BenchResult;
import dev.parapet.bench.Component;
import dev.parapet.bench.Status;
import dev.parapet.model.Location;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@code parapet bench}: a table grouped by section as kube-bench prints it, JSON with a
 * {@code results} array, or JUnit XML with one test case per result.
 */
public final class BenchRenderer {
  public static final String SCHEMA_VERSION = "1";

  private BenchRenderer() {}

  // ---- table ----

  public static void table(BenchReport report, Appendable out) throws IOException {
    out.append(report.benchmark().id())
        .append(" (")
        .append(report.benchmark().title())
        .append("), defaults of Kubernetes ")
        .append(report.kubernetes().toString())
        .append(" (")
        .append(report.versionSource())
        .append(")\n");
    Map<Component, Integer> instances = instanceCounts(report);
    for (BenchReport.SectionResults s : report.sections()) {
      out.append("\n[INFO] ")
          .append(s.section().id())
          .append(' ')
          .append(s.section().title())
          .append('\n');
      for (BenchResult r : s.results()) {
        out.append('[').append(r.status().name()).append("] ").append(r.id()).append(' ');
        out.append(r.text()).append(r.scored() ? "" : " (manual)");
        if (r.instance().isPresent() && instances.getOrDefault(r.component(), 0) > 1) {
          out.append(" on ").append(r.instance().get());
        }
        out.append('\n');
        if (r.status() == Status.FAIL || r.status() == Status.WARN) {
          out.append("       ").append(r.evidence());
          if (r.location().isPresent()) {
            Location l = r.location().get();
            // a node file judged as a whole has no line
            out.append(" (").append(l.file());
            if (l.line() > 0) {
              out.append(':').append(String.valueOf(l.line()));
            }
            out.append(')');
          }
          out.append('\n');
          out.append("       fix: ").append(r.remediation().replaceAll("\\s+", " ")).append('\n');
        } else if (r.status() == Status.INFO) {
          out.append("       ").append(r.evidence()).append('\n');
        }
      }
    }
    out.append("\n== Summary ==\n");
    int width = 28;
    for (BenchReport.SectionResults s : report.sections()) {
      width = Math.max(width, (s.section().id() + " " + s.section().title()).length());
    }
    out.append(
        String.format(
            "%-" + width + "s %5s %5s %5s %5s\n", "section", "PASS", "FAIL", "WARN", "INFO"));
    for (BenchReport.SectionResults s : report.sections()) {
      summaryLine(out, width, s.section().id() + " " + s.section().title(), s.summary());
    }
    summaryLine(out, width, "total", report.total());
  }

  private static void summaryLine(Appendable out, int width, String label, BenchReport.Summary s)
      throws IOException {
    out.append(
        String.format(
            "%-" + width + "s %5d %5d %5d %5d\n", label, s.pass(), s.fail(), s.warn(), s.info()));
  }

  private static Map<Component, Integer> instanceCounts(BenchReport report) {
    Map<Component, Set<String>> names = new HashMap<>();
    for (BenchResult r : report.results()) {
      r.instance()
          .ifPresent(i -> names.computeIfAbsent(r.component(), k -> new HashSet<>()).add(i));
    }
    Map<Component, Integer> out = new HashMap<>();
    names.forEach((c, n) -> out.put(c, n.size()));
    return out;
  }

  // ---- json ----

  public static void json(BenchReport report, List<Problem> problems, Appendable out)
      throws IOException {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("benchmark", report.benchmark().id());
    root.put("title", report.benchmark().title());
    root.put("kubernetesVersion", report.kubernetes().toString());
    root.put("kubernetesVersionSource", report.versionSource());
    ArrayNode targets = root.putArray("targets");
    report.targets().forEach(targets::add);
    ArrayNode sections = root.putArray("sections");
    for (BenchReport.SectionResults s : report.sections()) {
      ObjectNode o = sections.addObject();
      o.put("id", s.section().id());
      o.put("title", s.section().title());
      o.put("target", s.section().target());
      counts(o, s.summary());
    }
    counts(root.putObject("totals"), report.total());
    ArrayNode results = root.putArray("results");
    for (BenchResult r : report.results()) {
      ObjectNode o = results.addObject();
      o.put("id", r.id());
      o.put("text", r.text());
      o.put("section", r.section());
      o.put("component", r.component().binary());
      r.instance().ifPresent(i -> o.put("instance", i));
      o.put("status", r.status().name());
      o.put("scored", r.scored());
      o.put("evidence", r.evidence());
      o.put("defaultUsed", r.defaultUsed());
      if (r.location().isPresent()) {
        o.put("file", r.location().get().file());
        o.put("line", r.location().get().line());
        o.put("column", r.location().get().column());
        o.put("pointer", r.location().get().pointer());
      }
      o.put("severity", r.severity().label());
      o.put("stride", r.stride().label());
      o.put("remediation", r.remediation().replaceAll("\\s+", " "));
    }
    ArrayNode ps = root.putArray("problems");
    for (Problem p : problems) {
      ObjectNode o = ps.addObject();
      o.put("level", p.level().name().toLowerCase(java.util.Locale.ROOT));
      o.put("file", p.file());
      o.put("line", p.line());
      o.put("column", p.column());
      o.put("message", p.message());
    }
    Tool.writeJson(root, out);
  }

  private static void counts(ObjectNode o, BenchReport.Summary s) {
    o.put("pass", s.pass());
    o.put("fail", s.fail());
    o.put("warn", s.warn());
    o.put("info", s.info());
  }

  // ---- junit ----

  /**
   * One test suite per section and one test case per result: FAIL is a failure, WARN and INFO are
   * skipped (with the evidence as the message), PASS passes. No timestamps, so the output is
   * deterministic.
   */
  public static void junit(BenchReport report, Appendable out) throws IOException {
    BenchReport.Summary total = report.total();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<testsuites")
        .append(attr("name", "parapet bench " + report.benchmark().id()))
        .append(attr("tests", report.results().size()))
        .append(attr("failures", total.fail()))
        .append(attr("skipped", total.warn() + total.info()))
        .append(">\n");
    for (BenchReport.SectionResults s : report.sections()) {
      out.append("  <testsuite")
          .append(attr("name", s.section().id() + " " + s.section().title()))
          .append(attr("tests", s.results().size()))
          .append(attr("failures", s.summary().fail()))
          .append(attr("errors", 0))
          .append(attr("skipped", s.summary().warn() + s.summary().info()))
          .append(">\n");
      for (BenchResult r : s.results()) {
        out.append("    <testcase")
            .append(
                attr(
                    "name", r.id() + " " + r.text() + r.instance().map(i -> " on " + i).orElse("")))
            .append(attr("classname", report.benchmark().id() + "." + r.section()));
        if (r.location().isPresent()) {
          out.append(attr("file", r.location().get().file()))
              .append(attr("line", r.location().get().line()));
        }
        String body = r.evidence() + "\nremediation: " + r.remediation().replaceAll("\\s+", " ");
        switch (r.status()) {
          case PASS ->
              out.append(">\n      <system-out>")
                  .append(JunitRenderer.escape(r.evidence(), false))
                  .append("</system-out>\n    </testcase>\n");
          case FAIL ->
              out.append(">\n      <failure")
                  .append(attr("message", r.evidence()))
                  .append(attr("type", r.severity().label()))
                  .append('>')
                  .append(JunitRenderer.escape(body, false))
                  .append("</failure>\n    </testcase>\n");
          case WARN, INFO ->
              out.append(">\n      <skipped")
                  .append(attr("message", r.status().name() + ": " + r.evidence()))
                  .append("/>\n    </testcase>\n");
        }
      }
      out.append("  </testsuite>\n");
    }
    out.append("</testsuites>\n");
  }

  private static String attr(String name, long value) {
    return " " + name + "=\"" + value + "\"";
  }

  private static String attr(String name, String value) {
    return " " + name + "=\"" + JunitRenderer.escape(value, true) + "\"";
  }
}
