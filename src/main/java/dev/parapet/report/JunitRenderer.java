package dev.parapet.report;

import dev.parapet.check.CheckError;
import dev.parapet.check.CheckMeta;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.model.ObjectRef;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scan as JUnit XML, for the test report views of CI systems (Jenkins, GitLab, Azure DevOps,
 * GitHub test-report actions).
 *
 * <p>One test suite per check that ran, named by id and title, and in it one test case per object
 * the check reported on: failed when the check has active findings there, skipped when all of them
 * are suppressed. A check that found nothing gets a single passing case, {@code all objects}, so
 * that it shows as green. Suites per check rather than per file because a CI report reads as a test
 * plan: the list of suites is the same from run to run (files come and go), each rule's status is
 * visible at a glance, and the history of a case ("RBAC-012 on Role ci/deployer") stays comparable
 * across builds. The file and line still appear on every case ({@code file} and {@code line}
 * attributes, which GitLab and annotation actions link from) and in the failure text. Test cases
 * cannot list every object a check looked at: the result records only what was found.
 *
 * <p>Input problems go in a last suite, {@code input}, with a case per file: an error when the file
 * had an error, passing with the warnings in {@code system-out} otherwise. A check that threw on an
 * object is an error case in that check's suite.
 *
 * <p>There are no timestamps or durations, so the output is deterministic.
 */
public final class JunitRenderer implements Renderer {
  static final String INPUT_SUITE = "input";
  static final String ALL_OBJECTS = "all objects";

  private record Case(
      String name,
      String classname,
      String file,
      int line,
      String kind,
      String message,
      String type,
      String body) {}

  private record Suite(String name, List<Case> cases) {
    long count(String kind) {
      return cases.stream().filter(c -> kind.equals(c.kind())).count();
    }
  }

  private static final String FAILURE = "failure";
  private static final String ERROR = "error";
  private static final String SKIPPED = "skipped";
  private static final String PASSED = "passed";

  @Override
  public void render(ScanResult result, Appendable out) throws IOException {
    List<Suite> suites = new ArrayList<>();
    List<CheckMeta> rules = Reports.rules(result);
    Set<String> ids = new LinkedHashSet<>();
    for (CheckMeta check : rules) {
      suites.add(checkSuite(check, result));
      ids.add(check.id());
    }
    for (CheckError e : result.errors()) {
      // a check that failed but is not among those reported as run still needs a suite
      if (ids.add(e.checkId())) {
        suites.add(new Suite(e.checkId(), errorCases(e.checkId(), result)));
      }
    }
    if (!result.problems().isEmpty()) {
      suites.add(new Suite(INPUT_SUITE, inputCases(result.problems())));
    }

    long tests = 0;
    long failures = 0;
    long errors = 0;
    long skipped = 0;
    for (Suite s : suites) {
      tests += s.cases().size();
      failures += s.count(FAILURE);
      errors += s.count(ERROR);
      skipped += s.count(SKIPPED);
    }
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<testsuites")
        .append(attr("name", Tool.NAME))
        .append(attr("tests", tests))
        .append(attr("failures", failures))
        .append(attr("errors", errors))
        .append(attr("skipped", skipped))
        .append(">\n");
    for (Suite s : suites) {
      out.append("  <testsuite")
          .append(attr("name", s.name()))
          .append(attr("tests", s.cases().size()))
          .append(attr("failures", s.count(FAILURE)))
          .append(attr("errors", s.count(ERROR)))
          .append(attr("skipped", s.count(SKIPPED)))
          .append(">\n");
      for (Case c : s.cases()) {
        writeCase(c, out);
      }
      out.append("  </testsuite>\n");
    }
    out.append("</testsuites>\n");
  }

  private static Suite checkSuite(CheckMeta check, ScanResult result) {
    String classname = classname(check.id());
    Map<List<Object>, List<Finding>> byObject = new LinkedHashMap<>();
    for (Finding f : result.findings()) {
      if (f.check().id().equals(check.id())) {
        byObject
            .computeIfAbsent(List.of(f.object(), f.location().file()), k -> new ArrayList<>())
            .add(f);
      }
    }
    List<Case> cases = new ArrayList<>();
    for (List<Finding> findings : byObject.values()) {
      Finding first = findings.get(0);
      List<Finding> active = findings.stream().filter(f -> !f.suppressed()).toList();
      String name = first.object().toString();
      String file = first.location().file();
      if (active.isEmpty()) {
        Finding.Suppression s = first.suppression();
        cases.add(
            new Case(
                name,
                classname,
                file,
                first.location().line(),
                SKIPPED,
                "suppressed by " + s.kind() + ": " + s.justification(),
                null,
                null));
        continue;
      }
      Severity worst = active.stream().map(Finding::severity).max(Enum::compareTo).orElseThrow();
      String message =
          active.size() == 1
              ? Reports.messageWithMissing(active.get(0))
              : active.size() + " findings; first: " + Reports.messageWithMissing(active.get(0));
      cases.add(
          new Case(
              name,
              classname,
              file,
              active.get(0).location().line(),
              FAILURE,
              message,
              worst.label(),
              failureText(check, findings)));
    }
    cases.addAll(errorCases(check.id(), result));
    if (cases.isEmpty()) {
      cases.add(new Case(ALL_OBJECTS, classname, null, 0, PASSED, null, null, null));
    }
    return new Suite(check.id() + " " + check.title(), cases);
  }

  private static List<Case> errorCases(String checkId, ScanResult result) {
    List<Case> cases = new ArrayList<>();
    for (CheckError e : result.errors()) {
      if (e.checkId().equals(checkId)) {
        ObjectRef o = e.object();
        cases.add(
            new Case(
                o == null ? ALL_OBJECTS : o.toString(),
                classname(checkId),
                null,
                0,
                ERROR,
                e.message(),
                "check-error",
                e.toString()));
      }
    }
    return cases;
  }

  private static List<Case> inputCases(List<Problem> problems) {
    Map<String, List<Problem>> byFile = new LinkedHashMap<>();
    problems.forEach(p -> byFile.computeIfAbsent(p.file(), k -> new ArrayList<>()).add(p));
    List<Case> cases = new ArrayList<>();
    String classname = classname(INPUT_SUITE);
    for (Map.Entry<String, List<Problem>> e : byFile.entrySet()) {
      List<Problem> list = e.getValue();
      StringBuilder body = new StringBuilder();
      list.forEach(p -> body.append(p).append('\n'));
      List<Problem> errors = list.stream().filter(p -> p.level() == Problem.Level.ERROR).toList();
      if (errors.isEmpty()) {
        cases.add(
            new Case(e.getKey(), classname, e.getKey(), 0, PASSED, null, null, body.toString()));
      } else {
        Problem first = errors.get(0);
        cases.add(
            new Case(
                e.getKey(),
                classname,
                e.getKey(),
                first.line(),
                ERROR,
                first.message(),
                "input-problem",
                body.toString()));
      }
    }
    return cases;
  }

  private static String failureText(CheckMeta check, List<Finding> findings) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : findings) {
      sb.append(f.location().display()).append(' ').append(f.severity().label());
      if (f.suppressed()) {
        sb.append(" (suppressed by ")
            .append(f.suppression().kind())
            .append(": ")
            .append(f.suppression().justification())
            .append(')');
      }
      sb.append(": ").append(f.message()).append('\n');
      if (f.missingField() != null) {
        sb.append("  missing: ").append(f.missingField()).append('\n');
      }
      sb.append("  pointer: ").append(f.location().pointer()).append('\n');
      if (f.location().helmSource() != null) {
        sb.append("  helm template: ").append(f.location().helmSource()).append('\n');
      }
      if (f.fix() != null) {
        sb.append("  fix: ").append(f.fix().description()).append('\n');
      }
    }
    sb.append("remediation: ").append(check.remediation()).append('\n');
    return sb.toString();
  }

  private static void writeCase(Case c, Appendable out) throws IOException {
    out.append("    <testcase")
        .append(attr("name", c.name()))
        .append(attr("classname", c.classname()));
    if (c.file() != null) {
      out.append(attr("file", c.file()));
    }
    if (c.line() > 0) {
      out.append(attr("line", c.line()));
    }
    boolean passed = PASSED.equals(c.kind());
    if (passed && c.body() == null) {
      out.append("/>\n");
      return;
    }
    out.append(">\n");
    if (passed) {
      out.append("      <system-out>").append(text(c.body())).append("</system-out>\n");
    } else if (SKIPPED.equals(c.kind())) {
      out.append("      <skipped").append(attr("message", c.message())).append("/>\n");
    } else {
      out.append("      <")
          .append(c.kind())
          .append(attr("message", c.message()))
          .append(attr("type", c.type()))
          .append(">")
          .append(text(c.body()))
          .append("</")
          .append(c.kind())
          .append(">\n");
    }
    out.append("    </testcase>\n");
  }

  /**
   * Jenkins reads a dotted class name as package and class, so {@code parapet.PSS-003} files each
   * check under one {@code parapet} package.
   */
  private static String classname(String id) {
    return Tool.NAME + "." + id;
  }

  private static String attr(String name, long value) {
    return " " + name + "=\"" + value + "\"";
  }

  private static String attr(String name, String value) {
    return " " + name + "=\"" + escape(value, true) + "\"";
  }

  private static String text(String value) {
    return escape(value, false);
  }

  /**
   * Escapes markup characters, and in attributes also line breaks and tabs (which a parser would
   * otherwise turn into spaces). Characters that XML 1.0 cannot carry at all (most control
   * characters, lone surrogates, U+FFFE and U+FFFF) are written as visible {@code \\uXXXX} text,
   * since input files may contain anything.
   */
  static String escape(String s, boolean attribute) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append(attribute ? "&quot;" : "\"");
        case '\n' -> sb.append(attribute ? "&#10;" : "\n");
        case '\r' -> sb.append("&#13;");
        case '\t' -> sb.append(attribute ? "&#9;" : "\t");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
