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
import dev.parapet.source.SourceLoader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scan as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run, a rule per
 * check that ran, a result per finding (suppressed ones carry a {@code suppressions} entry instead
 * of being left out), and input problems and check errors as tool execution notifications.
 *
 * <p>Fixes are not written as SARIF {@code fixes}: those are text replacements, and a JSON Patch
 * cannot be turned into correct YAML text edits from a start position alone. The patch goes into
 * the result's {@code properties.fix} instead, in the same shape as the JSON report's.
 */
public final class SarifRenderer implements Renderer {
  static final String SCHEMA_URI =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

  /** Relative paths are resolved against the directory parapet ran in, named by this base id. */
  static final String SRCROOT = "%SRCROOT%";

  /** The key of the baseline fingerprint in {@code partialFingerprints}, versioned per SARIF. */
  static final String FINGERPRINT_KEY = "parapetFingerprint/v1";

  @Override
  public void render(ScanResult result, Appendable out) throws IOException {
    Tool.writeJson(tree(result), out);
  }

  static ObjectNode tree(ScanResult result) {
    ObjectNode root = Tool.nodes().objectNode();
    root.put("$schema", SCHEMA_URI);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();

    List<CheckMeta> rules = Reports.rules(result);
    Map<String, Integer> ruleIndex = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      ruleIndex.put(rules.get(i).id(), i);
    }
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", Tool.NAME);
    driver.put("version", result.toolVersion());
    driver.put("informationUri", Tool.INFORMATION_URI);
    ArrayNode ruleArray = driver.putArray("rules");
    rules.forEach(r -> ruleArray.add(rule(r)));

    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", result.errors().isEmpty() && !result.hasInputErrors());
    ArrayNode notes = invocation.putArray("toolExecutionNotifications");
    result.problems().forEach(p -> notes.add(notification(p)));
    result.errors().forEach(e -> notes.add(notification(e, ruleIndex)));
    if (notes.isEmpty()) {
      invocation.remove("toolExecutionNotifications");
    }

    run.put("columnKind", "unicodeCodePoints");
    ArrayNode results = run.putArray("results");
    result.findings().forEach(f -> results.add(result(f, ruleIndex.get(f.check().id()))));
    ObjectNode props = run.putObject("properties");
    ArrayNode inputs = props.putArray("inputs");
    result.inputs().forEach(inputs::add);
    props.put("files", result.files());
    props.put("objects", result.objects());
    return root;
  }

  private static ObjectNode rule(CheckMeta c) {
    ObjectNode r = Tool.nodes().objectNode();
    r.put("id", c.id());
    r.put("name", ruleName(c.title()));
    r.putObject("shortDescription").put("text", c.title());
    r.putObject("fullDescription").put("text", c.description());
    r.putObject("defaultConfiguration").put("level", level(c.severity()));
    ObjectNode help = r.putObject("help");
    help.put("text", helpText(c));
    help.put("markdown", helpMarkdown(c));
    ObjectNode props = r.putObject("properties");
    ArrayNode tags = props.putArray("tags");
    tags.add("security");
    tags.add(c.category());
    tags.add(Tool.strideId(c.stride()));
    c.cis().forEach(tags::add);
    c.mitre().forEach(m -> tags.add("MITRE ATT&CK " + m));
    props.put("security-severity", securitySeverity(c.severity()));
    props.put("severity", c.severity().label());
    props.put("category", c.category());
    props.put("stride", Tool.strideId(c.stride()));
    if (!c.pss().isEmpty()) {
      props.put("pss", c.pss());
    }
    putStrings(props, "cis", c.cis());
    putStrings(props, "mitre", c.mitre());
    putStrings(props, "nsa", c.nsa());
    return r;
  }

  private static ObjectNode result(Finding f, int ruleIndex) {
    ObjectNode r = Tool.nodes().objectNode();
    r.put("ruleId", f.check().id());
    r.put("ruleIndex", ruleIndex);
    r.put("level", level(f.severity()));
    r.putObject("message").put("text", Reports.messageWithMissing(f));
    ObjectNode location = r.putArray("locations").addObject();
    location.set(
        "physicalLocation",
        physicalLocation(f.location().file(), f.location().line(), f.location().column()));
    ArrayNode logical = location.putArray("logicalLocations");
    logical.add(objectLocation(f.object()));
    ObjectNode field = logical.addObject();
    field.put("name", f.location().pointer());
    field.put("fullyQualifiedName", qualifiedName(f.object()) + "#" + f.location().pointer());
    field.put("kind", "property");
    r.putObject("partialFingerprints").put(FINGERPRINT_KEY, Baseline.fingerprint(f));
    if (f.suppressed()) {
      ObjectNode s = r.putArray("suppressions").addObject();
      s.put(
          "kind",
          Finding.Suppression.ANNOTATION.equals(f.suppression().kind()) ? "inSource" : "external");
      s.put("status", "accepted");
      s.put("justification", f.suppression().justification());
      s.putObject("properties").put("parapetKind", f.suppression().kind());
    }
    ObjectNode props = r.putObject("properties");
    props.put("severity", f.severity().label());
    if (f.onPath() != null) {
      props.put("baseSeverity", f.onPath().base().label());
      props.put("attackPath", f.onPath().path());
    }
    props.put("pointer", f.location().pointer());
    if (f.missingField() != null) {
      props.put("missingField", f.missingField());
    }
    if (f.location().helmSource() != null) {
      props.put("helmSource", f.location().helmSource());
    }
    if (f.fix() != null) {
      ObjectNode fix = props.putObject("fix");
      fix.put("description", f.fix().description());
      fix.set("patch", Tool.patch(f.fix()));
    }
    return r;
  }

  private static ObjectNode notification(Problem p) {
    ObjectNode n = Tool.nodes().objectNode();
    n.put("level", p.level() == Problem.Level.ERROR ? "error" : "warning");
    n.putObject("message").put("text", p.message());
    n.putArray("locations")
        .addObject()
        .set("physicalLocation", physicalLocation(p.file(), p.line(), p.column()));
    n.putObject("descriptor").put("id", "input-problem");
    return n;
  }

  private static ObjectNode notification(CheckError e, Map<String, Integer> ruleIndex) {
    ObjectNode n = Tool.nodes().objectNode();
    n.put("level", "error");
    n.putObject("message").put("text", e.toString());
    if (e.object() != null) {
      n.putArray("locations")
          .addObject()
          .putArray("logicalLocations")
          .add(objectLocation(e.object()));
    }
    n.putObject("descriptor").put("id", "check-error");
    ObjectNode rule = n.putObject("associatedRule");
    rule.put("id", e.checkId());
    Integer index = ruleIndex.get(e.checkId());
    if (index != null) {
      rule.put("index", index);
    }
    return n;
  }

  private static ObjectNode objectLocation(ObjectRef ref) {
    ObjectNode o = Tool.nodes().objectNode();
    o.put("name", ref.name());
    o.put("fullyQualifiedName", qualifiedName(ref));
    o.put("kind", "resource");
    ObjectNode props = o.putObject("properties");
    props.put("kind", ref.kind());
    props.put("namespace", ref.namespace());
    props.put("name", ref.name());
    return o;
  }

  /** {@code Kind/namespace/name}, or {@code Kind/name} when cluster-scoped. */
  static String qualifiedName(ObjectRef ref) {
    return ref.namespace().isEmpty()
        ? ref.kind() + "/" + ref.name()
        : ref.kind() + "/" + ref.namespace() + "/" + ref.name();
  }

  private static ObjectNode physicalLocation(String file, int line, int column) {
    ObjectNode p = Tool.nodes().objectNode();
    p.set("artifactLocation", artifactLocation(file));
    if (line > 0) {
      ObjectNode region = p.putObject("region");
      region.put("startLine", line);
      if (column > 0) {
        region.put("startColumn", column);
      }
    }
    return p;
  }

  /**
   * A file as an artifact location: relative paths as URI references against {@link #SRCROOT} with
   * forward slashes, absolute ones as {@code file:} URIs. Standard input has no URI and is only
   * described.
   */
  static ObjectNode artifactLocation(String file) {
    ObjectNode a = Tool.nodes().objectNode();
    if (file.equals(SourceLoader.STDIN)) {
      a.putObject("description").put("text", "standard input");
      return a;
    }
    String path = File.separatorChar == '\\' ? file.replace('\\', '/') : file;
    boolean drive = path.length() >= 3 && path.charAt(1) == ':' && path.charAt(2) == '/';
    if (drive || path.startsWith("/")) {
      String encoded = encodePath(path, drive);
      a.put(
          "uri",
          path.startsWith("//") ? "file:" + encoded : "file://" + (drive ? "/" : "") + encoded);
      return a;
    }
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    a.put("uri", encodePath(path, false));
    a.put("uriBaseId", SRCROOT);
    return a;
  }

  /**
   * Percent-encodes what a URI path may not hold as is. Colons are encoded too (a relative
   * reference whose first segment has one would read as a scheme) except after a drive letter.
   */
  static String encodePath(String path, boolean drive) {
    StringBuilder sb = new StringBuilder(path.length());
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean keep =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || "-._~!$&'()*+,;=@/".indexOf(b) >= 0
              || (drive && i == 1 && b == ':');
      if (keep) {
        sb.append((char) b);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", b));
      }
    }
    return sb.toString();
  }

  /** SARIF's level: what must be fixed is an error, what should be is a warning, the rest notes. */
  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /**
   * GitHub code scanning's {@code security-severity}, a CVSS-like score that it buckets as critical
   * (9.0 and above), high (7.0 to 8.9), medium (4.0 to 6.9) and low (below 4.0). Each of parapet's
   * severities maps into the middle of its bucket; info has no bucket of its own and shows as low.
   */
  static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "1.0";
    };
  }

  /** A rule name in SARIF's identifier style, from the title: {@code PrivilegedContainer}. */
  static String ruleName(String title) {
    StringBuilder sb = new StringBuilder();
    for (String word : title.replace("'", "").split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return sb.toString();
  }

  private static String helpText(CheckMeta c) {
    StringBuilder sb = new StringBuilder();
    sb.append(c.description()).append("\n\nRemediation: ").append(c.remediation());
    List<String> refs = references(c, false);
    if (!refs.isEmpty()) {
      sb.append("\n\nReferences:");
      refs.forEach(r -> sb.append("\n- ").append(r));
    }
    return sb.toString();
  }

  private static String helpMarkdown(CheckMeta c) {
    StringBuilder sb = new StringBuilder();
    sb.append("**")
        .append(markdown(c.title()))
        .append("** (")
        .append(c.id())
        .append(", ")
        .append(c.severity().label())
        .append(")\n\n")
        .append(markdown(c.description()))
        .append("\n\n**Remediation:** ")
        .append(markdown(c.remediation()));
    List<String> refs = references(c, true);
    if (!refs.isEmpty()) {
      sb.append("\n\n**References**\n");
      refs.forEach(r -> sb.append("\n- ").append(r));
    }
    return sb.toString();
  }

  private static List<String> references(CheckMeta c, boolean markdown) {
    List<String> refs = new ArrayList<>();
    if (!c.pss().isEmpty()) {
      refs.add(
          markdown
              ? "[Pod Security Standards](https://kubernetes.io/docs/concepts/security/pod-security-standards/): "
                  + markdown(c.pss())
              : "Pod Security Standards: " + c.pss());
    }
    if (!c.cis().isEmpty()) {
      refs.add("CIS Kubernetes Benchmark: " + join(c.cis(), markdown));
    }
    if (!c.mitre().isEmpty()) {
      List<String> ids = new ArrayList<>();
      for (String m : c.mitre()) {
        ids.add(markdown ? "[" + m + "](" + mitreUrl(m) + ")" : m);
      }
      refs.add("MITRE ATT&CK: " + String.join(", ", ids));
    }
    if (!c.nsa().isEmpty()) {
      refs.add("NSA/CISA Kubernetes Hardening Guide: " + join(c.nsa(), markdown));
    }
    return refs;
  }

  private static String join(List<String> values, boolean markdown) {
    return String.join(
        "; ", markdown ? values.stream().map(SarifRenderer::markdown).toList() : values);
  }

  /** {@code T1611} and {@code T1611.001} to their pages on attack.mitre.org. */
  static String mitreUrl(String technique) {
    return "https://attack.mitre.org/techniques/" + technique.replace('.', '/') + "/";
  }

  /** Escapes the characters that Markdown would read as formatting. */
  static String markdown(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("\\`*_[]<>#|".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static void putStrings(ObjectNode o, String key, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = o.putArray(key);
      values.forEach(a::add);
    }
  }
}
