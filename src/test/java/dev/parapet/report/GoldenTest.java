package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.ScanResult;
import org.junit.jupiter.api.Test;

/**
 * Every format's output on the same real scan, compared with its golden file. A change to a
 * renderer shows up here as a diff to review.
 */
class GoldenTest {
  private static final String STDIN_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        namespace: default
      spec:
        securityContext:
          runAsNonRoot: true
          seccompProfile:
            type: RuntimeDefault
        containers:
          - name: web
            image: nginx:1.27
            securityContext:
              privileged: true
              allowPrivilegeEscalation: false
              capabilities:
                drop: ["ALL"]
                add: ["NET_ADMIN"]
      """;

  @Test
  void tableMatchesGolden() {
    Golden.check("scan.table.txt", ReportFixtures.render(new TableRenderer(false), full()));
  }

  @Test
  void colouredTableMatchesGolden() {
    Golden.check("scan.table-color.txt", ReportFixtures.render(new TableRenderer(true), full()));
  }

  @Test
  void tableWithShortLocationsUsesColumns() {
    String table =
        ReportFixtures.render(new TableRenderer(false), ReportFixtures.scanText(STDIN_POD));
    Golden.check("stdin.table.txt", table);
    assertThat(table).contains("<stdin>:15:");
  }

  @Test
  void jsonMatchesGolden() {
    Golden.check("scan.json", ReportFixtures.render(new JsonRenderer(), full()));
  }

  @Test
  void sarifMatchesGolden() {
    Golden.check("scan.sarif.json", ReportFixtures.render(new SarifRenderer(), full()));
  }

  @Test
  void junitMatchesGolden() {
    Golden.check("scan.junit.xml", ReportFixtures.render(new JunitRenderer(), full()));
  }

  @Test
  void outputIsTheSameOnEveryRun() {
    ScanResult again = ReportFixtures.scan(ReportFixtures.INPUT);
    ScanResult once = ReportFixtures.scan(ReportFixtures.INPUT);
    for (Renderer r :
        new Renderer[] {
          new TableRenderer(true), new JsonRenderer(), new SarifRenderer(), new JunitRenderer()
        }) {
      assertThat(ReportFixtures.render(r, again)).isEqualTo(ReportFixtures.render(r, once));
    }
  }

  private static ScanResult full() {
    return ReportFixtures.full();
  }
}
