package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class JunitRendererTest {
  /** A container name full of what XML cannot take as is, control characters included. */
  static final String HOSTILE =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: hostile
      spec:
        containers:
          - name: "a<b>&c\\"d'e]]>\\x01\\e[31m\\0z"
            image: nginx
            securityContext:
              privileged: true
      """;

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(null);
    return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static Document junit(ScanResult result) throws Exception {
    return parse(ReportFixtures.render(new JunitRenderer(), result));
  }

  @Test
  void isWellFormedAndCountsAddUp() throws Exception {
    Element root = junit(ReportFixtures.full()).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    for (Element suite : children(root, "testsuite")) {
      List<Element> cases = children(suite, "testcase");
      int f = count(cases, "failure");
      int e = count(cases, "error");
      int s = count(cases, "skipped");
      assertThat(suite.getAttribute("tests")).isEqualTo(String.valueOf(cases.size()));
      assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(f));
      assertThat(suite.getAttribute("errors")).isEqualTo(String.valueOf(e));
      assertThat(suite.getAttribute("skipped")).isEqualTo(String.valueOf(s));
      tests += cases.size();
      failures += f;
      errors += e;
      skipped += s;
    }
    assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(tests));
    assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(failures));
    assertThat(root.getAttribute("errors")).isEqualTo(String.valueOf(errors));
    assertThat(root.getAttribute("skipped")).isEqualTo(String.valueOf(skipped));
    assertThat(failures).isEqualTo(7);
    assertThat(skipped).isEqualTo(2);
    assertThat(errors).isEqualTo(2);
  }

  @Test
  void oneSuitePerCheckThatRanPlusInput() throws Exception {
    ScanResult result = ReportFixtures.full();
    List<Element> suites = children(junit(result).getDocumentElement(), "testsuite");
    assertThat(suites).hasSize(result.checks().size() + 1);
    assertThat(suites.get(suites.size() - 1).getAttribute("name")).isEqualTo("input");
    Element privileged = suite(suites, "PSS-003 Privileged container");
    List<Element> cases = children(privileged, "testcase");
    assertThat(cases)
        .extracting(c -> c.getAttribute("name"))
        .containsExactly("Pod shop/debug", "Pod shop/legacy");
    Element failure = children(cases.get(0), "failure").get(0);
    assertThat(failure.getAttribute("type")).isEqualTo("critical");
    Finding debug =
        result.findings().stream()
            .filter(f -> f.check().id().equals("PSS-003") && f.object().name().equals("debug"))
            .findFirst()
            .orElseThrow();
    assertThat(failure.getTextContent())
        .contains(debug.location().display() + " critical: " + debug.message())
        .contains("remediation:");
    Element skipped = children(cases.get(1), "skipped").get(0);
    assertThat(skipped.getAttribute("message"))
        .isEqualTo(
            "suppressed by annotation: vendor agent needs <raw> sockets & host \"devices\";"
                + " see TICKET-42");
    Element clean = suite(suites, "PSS-001 Windows HostProcess container");
    assertThat(children(clean, "testcase"))
        .singleElement()
        .satisfies(c -> assertThat(c.getAttribute("name")).isEqualTo("all objects"));
  }

  @Test
  void problemsAndCheckErrorsAreErrors() throws Exception {
    List<Element> suites = children(junit(ReportFixtures.full()).getDocumentElement(), "testsuite");
    Element input = suite(suites, "input");
    Element error = children(children(input, "testcase").get(0), "error").get(0);
    assertThat(error.getAttribute("message")).startsWith("cannot parse YAML");
    assertThat(error.getTextContent()).contains("not a Kubernetes object (no metadata.name)");
    Element failed = suite(suites, "PSS-007 Probe or lifecycle hook sent to another host");
    assertThat(children(children(failed, "testcase").get(0), "error").get(0).getAttribute("type"))
        .isEqualTo("check-error");
  }

  @Test
  void escapesWhateverTheInputHolds() throws Exception {
    ScanResult result = ReportFixtures.scanText(HOSTILE);
    String xml = ReportFixtures.render(new JunitRenderer(), result);
    Document doc = parse(xml);
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .contains("a<b>&c\"d'e]]>\\u0001\\u001b[31m\\u0000z");
    assertThat(xml).doesNotContain("\u0001").doesNotContain("\u001b").doesNotContain("\u0000");
  }

  @Test
  void escapeHandlesAttributesAndText() {
    assertThat(JunitRenderer.escape("a\nb\t\"<&>", true))
        .isEqualTo("a&#10;b&#9;&quot;&lt;&amp;&gt;");
    assertThat(JunitRenderer.escape("a\nb\t\"<&>", false)).isEqualTo("a\nb\t\"&lt;&amp;&gt;");
    assertThat(JunitRenderer.escape("\uD83D\uDE00 \uD83D x\uFFFF", false))
        .isEqualTo("\uD83D\uDE00 \\ud83d x\\uffff");
  }

  private static Element suite(List<Element> suites, String name) {
    return suites.stream()
        .filter(s -> s.getAttribute("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no suite " + name));
  }

  private static int count(List<Element> cases, String tag) {
    return (int) cases.stream().filter(c -> !children(c, tag).isEmpty()).count();
  }

  static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }
}
