package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.ScanResult;
import org.junit.jupiter.api.Test;

class TableRendererTest {
  private static final String ESC = "\u001b";

  @Test
  void noEscapeCodesWithoutColour() {
    String table = ReportFixtures.render(new TableRenderer(false), ReportFixtures.full());
    assertThat(table).doesNotContain(ESC);
  }

  @Test
  void coloursSeveritiesWhenAsked() {
    String table = ReportFixtures.render(new TableRenderer(true), ReportFixtures.full());
    assertThat(table)
        .contains(ESC + "[1;31mcritical" + ESC + "[0m")
        .contains(ESC + "[33mmedium" + ESC + "[0m");
    String plain = table.replaceAll(ESC + "\\[[0-9;]*m", "");
    assertThat(plain)
        .isEqualTo(ReportFixtures.render(new TableRenderer(false), ReportFixtures.full()));
  }

  @Test
  void groupsByObjectWithFileAndHelmTemplate() {
    String table = ReportFixtures.render(new TableRenderer(false), ReportFixtures.full());
    assertThat(table)
        .contains(
            "Deployment shop/shop-worker  src/test/resources/golden/input/chart.yaml  (helm"
                + " template: shop/templates/worker.yaml)\n")
        .contains("Pod shop/debug  src/test/resources/golden/input/workloads.yaml\n")
        .contains("      missing: securityContext.runAsNonRoot\n");
    assertThat(table.indexOf("Pod shop/debug")).isLessThan(table.indexOf("Deployment shop/api"));
  }

  @Test
  void suppressedFindingsAreCountedNotListed() {
    String table = ReportFixtures.render(new TableRenderer(false), ReportFixtures.full());
    assertThat(table).doesNotContain("shop/legacy").doesNotContain("Namespace shop");
    assertThat(table)
        .endsWith(
            "7 findings: 3 critical, 0 high, 4 medium, 0 low, 0 info (2 suppressed) in 6 objects"
                + " from 3 files; 2 input problems, 1 check error\n");
  }

  @Test
  void problemsAndErrorsFollowTheFindings() {
    String table = ReportFixtures.render(new TableRenderer(false), ReportFixtures.full());
    int lastFinding = table.lastIndexOf("PSS-018");
    int problems = table.indexOf("Input problems\n");
    int errors = table.indexOf("Check errors\n");
    assertThat(lastFinding).isPositive().isLessThan(problems);
    assertThat(problems).isLessThan(errors);
    assertThat(table)
        .contains(
            "  src/test/resources/golden/input/broken.yaml:1:1: warning: not a Kubernetes object")
        .contains("  check PSS-007 on Pod shop/debug failed: IllegalStateException");
  }

  @Test
  void cleanScanIsOneSummaryLine() {
    ScanResult clean =
        ReportFixtures.scanText("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
    assertThat(ReportFixtures.render(new TableRenderer(true), clean))
        .isEqualTo(
            "0 findings: 0 critical, 0 high, 0 medium, 0 low, 0 info in 1 object from 1 file\n");
  }

  @Test
  void wrapsMessagesToTheWidth() {
    ScanResult result =
        ReportFixtures.scanText(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: web
                  image: nginx
            """);
    for (int width : new int[] {60, 80, 120}) {
      String table = ReportFixtures.render(new TableRenderer(false, width), result);
      for (String line : table.split("\n")) {
        if (line.startsWith(" ") && !line.contains("missing:") && !line.contains("=")) {
          assertThat(line.length())
              .as("line at width %d: %s", width, line)
              .isLessThanOrEqualTo(width);
        }
      }
    }
  }

  @Test
  void wrapKeepsLongWordsWhole() {
    assertThat(TableRenderer.wrap("a bb ccc dddddddddd e", 5))
        .containsExactly("a bb", "ccc", "dddddddddd", "e");
    assertThat(TableRenderer.wrap("one\ntwo three", 20)).containsExactly("one", "two three");
  }

  @Test
  void inputCannotSendEscapeSequences() {
    String table =
        ReportFixtures.render(
            new TableRenderer(false), ReportFixtures.scanText(JunitRendererTest.HOSTILE));
    assertThat(table).doesNotContain(ESC).doesNotContain("\u0000").contains("\\u001b[31m");
  }
}
