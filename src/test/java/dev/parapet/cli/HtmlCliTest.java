package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parapet scan -o html}: a file with the graph beside other reports, or standard output. */
class HtmlCliTest {
  @Test
  void writesTheReportFileBesideTheTable(@TempDir Path dir) throws Exception {
    Path html = dir.resolve("out/report.html");
    CliTest.Run r =
        CliTest.run(
            "",
            "scan",
            "examples/insecure-cluster",
            "-o",
            "html",
            "--output-file",
            html.toString(),
            "-o",
            "table");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("PSS-003").doesNotContain("<html");
    String page = Files.readString(html);
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg id=\"attack-graph\"")
        .contains("id=\"findings-table\"")
        .contains("CE_PRIV_MOUNT")
        .endsWith("</html>\n");
  }

  @Test
  void aSingleHtmlReportGoesToStandardOutput() {
    CliTest.Run r = CliTest.run("", "scan", "examples/hardened", "-o", "html");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("<!DOCTYPE html>").contains("id=\"summary\"");
  }

  @Test
  void htmlBesideAnotherReportOnStandardOutputIsAUsageError() {
    CliTest.Run r = CliTest.run("", "scan", "examples/hardened", "-o", "html", "-o", "json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--output-file");
  }

  /** The report of a scan carries the threat model: every threat with its status. */
  @Test
  void theReportHoldsTheThreatModel() {
    CliTest.Run r = CliTest.run("", "scan", "examples/insecure-cluster", "-o", "html");
    assertThat(r.out())
        .contains("<section id=\"threat-model\">")
        .contains("55 threats: 38 exposed, 7 mitigated, 10 unknown")
        .contains("<tr class=\"threat status-exposed\"><td>T-WL-E-1</td>");
  }
}
