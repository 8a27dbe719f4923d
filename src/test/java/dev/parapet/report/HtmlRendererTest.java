package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackGraphs;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlRendererTest {
  /** Markup and script in every place a manifest lets a value reach the report. */
  static final String HOSTILE =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: "</td><script>window.parapetPwned=1</script>"
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: "<img src=x onerror=alert(1)>"
        namespace: "</td><script>window.parapetPwned=1</script>"
      spec:
        containers:
          - name: "x\\"><svg onload=alert(2)>"
            image: "<script>alert('image')</script>"
            securityContext:
              privileged: true
      """;

  @Test
  void showsMarkupFromTheInputAsText() {
    String html = render(HOSTILE);
    assertThat(html)
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("&lt;/td&gt;&lt;script&gt;window.parapetPwned=1&lt;/script&gt;")
        .doesNotContain("<img")
        .doesNotContain("<svg onload")
        .doesNotContain("\"><svg")
        .doesNotContain("<script>alert")
        .doesNotContain("<script>window");
    assertThat(count(html, "<script")).as("only the report's own script").isEqualTo(1);
  }

  @Test
  void needsNothingFromTheNetwork() throws Exception {
    String html = render("examples/insecure-cluster");
    // no attribute or style names anything outside the page (text may mention a URL)
    assertThat(html)
        .doesNotContainPattern("(?i)\\b(src|href|action|xlink:href)\\s*=\\s*[\"']?[^\"'#\\s>]")
        .doesNotContainPattern("(?i)url\\(\\s*[\"']?[^#\\s]")
        .doesNotContain("@import")
        .doesNotContain("@font-face")
        .doesNotContainPattern("(?i)<(link|iframe|object|embed|img)\\b");
    assertThat(html).contains("href=\"#graph\"").contains("url(#arrow)");
    Matcher csp = Pattern.compile("content=\"(default-src 'none';[^\"]*)\"").matcher(html);
    assertThat(csp.find()).as("a Content-Security-Policy forbidding requests").isTrue();
    // the policy lets exactly the inline script and style run, by their hashes
    assertThat(csp.group(1))
        .contains("script-src 'sha256-" + sha256(between(html, "<script>", "</script>")) + "'")
        .contains("style-src 'sha256-" + sha256(between(html, "<style>", "</style>")) + "'");
  }

  @Test
  void sectionsOfTheInsecureExample() {
    Scanner.Loaded loaded = load("examples/insecure-cluster");
    ScanResult result = scan(loaded, "examples/insecure-cluster");
    HtmlRenderer.Attack attack = HtmlRenderer.Attack.of(AttackGraphs.of(loaded.inventory()));
    String html =
        ReportFixtures.render(new HtmlRenderer(Optional.of(attack), Optional.empty()), result);
    for (String id :
        List.of("summary", "attack-paths", "graph", "fixes", "findings", "attack-graph")) {
      assertThat(html).contains("id=\"" + id + "\"");
    }
    assertThat(html).doesNotContain("id=\"threat-model\"");
    for (Severity s : Severity.values()) {
      assertThat(html)
          .contains(
              "data-severity=\"" + s.label() + "\"><b>" + result.count(s) + "</b>" + s.label());
    }
    assertThat(attack.paths()).isNotEmpty();
    assertThat(count(html, "<details class=\"path\"")).isEqualTo(attack.paths().size());
    assertThat(count(html, "<tr data-severity=")).isEqualTo(result.findings().size());
    assertThat(count(html, "<g class=\"vertex")).isGreaterThan(50);
    assertThat(html).contains("CE_PRIV_MOUNT").contains("MITRE ATT&amp;CK T1611");
    assertThat(html).contains("<tr><td>1</td><td><b>"); // the ranking's first row
    // the same input gives the same bytes
    assertThat(
            ReportFixtures.render(new HtmlRenderer(Optional.of(attack), Optional.empty()), result))
        .isEqualTo(html);
  }

  @Test
  void threatModelSectionIsEmptyWithoutOne() throws Exception {
    StringBuilder none = new StringBuilder();
    HtmlRenderer.threatModel(Optional.empty(), none);
    assertThat(none).isEmpty();
    StringBuilder some = new StringBuilder();
    HtmlRenderer.threatModel(Optional.of(out -> out.append("<p>STRIDE</p>")), some);
    assertThat(some.toString())
        .startsWith("<section id=\"threat-model\">")
        .contains("<h2>Threat model</h2>\n<p>STRIDE</p>");
    String page =
        ReportFixtures.render(
            new HtmlRenderer(Optional.empty(), Optional.of(out -> out.append("<p>STRIDE</p>"))),
            ReportFixtures.full());
    assertThat(page).contains("<a href=\"#threat-model\">").contains("<p>STRIDE</p>");
  }

  @Test
  void withoutAGraphTheAttackSectionsSaySo() {
    String html = ReportFixtures.render(new HtmlRenderer(), ReportFixtures.full());
    assertThat(html).contains("The attack graph was not built").doesNotContain("<svg");
    // suppressed findings are in the table, hidden until asked for
    assertThat(html).contains("class=\"suppressed\" hidden");
    assertThat(html).contains("id=\"problems\"").contains("injected by the report tests");
  }

  @Test
  void escapesTheFiveSpecialCharacters() {
    assertThat(HtmlRenderer.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
    assertThat(HtmlRenderer.escape("plain")).isEqualTo("plain");
    assertThat(HtmlRenderer.escape("bell\u0007")).isEqualTo("bell");
    assertThat(HtmlRenderer.escape(null)).isEmpty();
  }

  static String render(String pathOrYaml) {
    Scanner.Loaded loaded = load(pathOrYaml);
    AttackGraph g = AttackGraphs.of(loaded.inventory());
    return ReportFixtures.render(Renderers.html(g), scan(loaded, pathOrYaml));
  }

  private static Scanner.Loaded load(String pathOrYaml) {
    boolean yaml = pathOrYaml.contains("\n");
    return Scanner.load(
        List.of(yaml ? "-" : pathOrYaml),
        new ByteArrayInputStream((yaml ? pathOrYaml : "").getBytes(StandardCharsets.UTF_8)),
        Limits.DEFAULT);
  }

  private static ScanResult scan(Scanner.Loaded loaded, String pathOrYaml) {
    List<String> inputs = List.of(pathOrYaml.contains("\n") ? "-" : pathOrYaml);
    return Scanner.check(loaded, Scanner.Options.defaults(), inputs, ReportFixtures.VERSION);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static String between(String s, String open, String close) {
    int from = s.indexOf(open) + open.length();
    return s.substring(from, s.indexOf(close, from));
  }

  private static String sha256(String s) throws Exception {
    return Base64.getEncoder()
        .encodeToString(
            MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
