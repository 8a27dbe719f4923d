package dev.parapet.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.check.Baseline;
import dev.parapet.check.CheckError;
import dev.parapet.check.CheckMeta;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.model.ObjectRef;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The scan as JSON for scripts and other tools, in the schema documented in {@code
 * docs/json-output.md}. Keys come in a fixed order and nothing depends on the clock, so the same
 * scan always gives the same bytes. Optional keys ({@code missingField}, {@code helmSource}, {@code
 * suppression}, {@code fix}) are left out when they do not apply rather than set to null.
 */
public final class JsonRenderer implements Renderer {
  /**
   * Version of the output schema. Adding keys keeps it; renaming, removing or changing the meaning
   * of one bumps it.
   */
  public static final String SCHEMA_VERSION = "1";

  @Override
  public void render(ScanResult result, Appendable out) throws IOException {
    Tool.writeJson(tree(result), out);
  }

  static ObjectNode tree(ScanResult result) {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ObjectNode tool = root.putObject("tool");
    tool.put("name", Tool.NAME);
    tool.put("version", result.toolVersion());
    tool.put("uri", Tool.INFORMATION_URI);
    ArrayNode inputs = root.putArray("inputs");
    result.inputs().forEach(inputs::add);
    root.set("summary", summary(result));
    ArrayNode findings = root.putArray("findings");
    result.findings().forEach(f -> findings.add(finding(f)));
    ArrayNode problems = root.putArray("problems");
    result.problems().forEach(p -> problems.add(problem(p)));
    ArrayNode errors = root.putArray("errors");
    result.errors().forEach(e -> errors.add(error(e)));
    return root;
  }

  private static ObjectNode summary(ScanResult result) {
    ObjectNode s = Tool.nodes().objectNode();
    s.put("files", result.files());
    s.put("objects", result.objects());
    s.put("checks", result.checks().size());
    List<Finding> active = result.active();
    s.put("findings", active.size());
    s.put("suppressed", result.findings().size() - active.size());
    ObjectNode bySeverity = s.putObject("bySeverity");
    for (Severity sev : Reports.DESCENDING) {
      bySeverity.put(sev.label(), result.count(sev));
    }
    s.put("problems", result.problems().size());
    s.put("errors", result.errors().size());
    return s;
  }

  private static ObjectNode finding(Finding f) {
    CheckMeta c = f.check();
    ObjectNode o = Tool.nodes().objectNode();
    o.put("check", c.id());
    o.put("severity", f.severity().label());
    o.put("title", c.title());
    o.put("message", f.message());
    putObject(o, f.object());
    o.put("file", f.location().file());
    o.put("line", f.location().line());
    o.put("column", f.location().column());
    o.put("pointer", f.location().pointer());
    if (f.missingField() != null) {
      o.put("missingField", f.missingField());
    }
    if (f.onPath() != null) {
      ObjectNode p = o.putObject("attackPath");
      p.put("baseSeverity", f.onPath().base().label());
      p.put("path", f.onPath().path());
    }
    if (f.location().helmSource() != null) {
      o.put("helmSource", f.location().helmSource());
    }
    o.put("category", c.category());
    o.put("stride", Tool.strideId(c.stride()));
    ObjectNode refs = o.putObject("references");
    if (c.pss().isEmpty()) {
      refs.putNull("pss");
    } else {
      refs.put("pss", c.pss());
    }
    strings(refs.putArray("cis"), c.cis());
    strings(refs.putArray("mitre"), c.mitre());
    strings(refs.putArray("nsa"), c.nsa());
    o.put("remediation", c.remediation());
    o.put("fingerprint", Baseline.fingerprint(f));
    o.put("suppressed", f.suppressed());
    if (f.suppressed()) {
      ObjectNode s = o.putObject("suppression");
      s.put("kind", f.suppression().kind());
      s.put("justification", f.suppression().justification());
    }
    if (f.fix() != null) {
      ObjectNode fix = o.putObject("fix");
      fix.put("description", f.fix().description());
      fix.set("patch", Tool.patch(f.fix()));
    }
    return o;
  }

  private static ObjectNode problem(Problem p) {
    ObjectNode o = Tool.nodes().objectNode();
    o.put("level", p.level().name().toLowerCase(Locale.ROOT));
    o.put("file", p.file());
    o.put("line", p.line());
    o.put("column", p.column());
    o.put("message", p.message());
    return o;
  }

  private static ObjectNode error(CheckError e) {
    ObjectNode o = Tool.nodes().objectNode();
    o.put("check", e.checkId());
    if (e.object() != null) {
      putObject(o, e.object());
    }
    o.put("message", e.message());
    return o;
  }

  private static void putObject(ObjectNode o, ObjectRef ref) {
    o.put("kind", ref.kind());
    o.put("namespace", ref.namespace());
    o.put("name", ref.name());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
