package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** End-to-end runs of the CLI with captured streams. */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int code, String out, String err) {}

  static Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err), in);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void scanOfTheInsecureExampleFailsWithFindingsAtExactLines() throws Exception {
    Run r = run("", "scan", "examples/insecure-cluster", "-o", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode findings = JSON.readTree(r.out()).get("findings");
    assertThat(findings).isNotEmpty();
    JsonNode privileged = null;
    for (JsonNode f : findings) {
      if (f.get("check").asText().equals("PSS-003")
          && f.get("name").asText().equals("node-monitor")) {
        privileged = f;
      }
    }
    assertThat(privileged).isNotNull();
    String line =
        Files.readAllLines(Path.of(privileged.get("file").asText()))
            .get(privileged.get("line").asInt() - 1);
    assertThat(line.trim()).isEqualTo("privileged: true");
    assertThat(privileged.get("pointer").asText())
        .isEqualTo("/spec/template/spec/containers/0/securityContext/privileged");
  }

  @Test
  void hardenedExampleIsAdmittedAtRestricted() {
    Run r = run("", "pss", "examples/hardened", "--level", "restricted");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("forbidden at restricted").doesNotContain("forbidden Deployment");
  }

  @Test
  void hardenedExampleHasNoActiveFindingAndEverySuppressionHasAReason() throws Exception {
    Run r = run("", "scan", "examples/hardened", "-o", "json", "--fail-on", "info");
    assertThat(r.code()).as(r.out()).isZero();
    for (JsonNode f : JSON.readTree(r.out()).get("findings")) {
      assertThat(f.get("suppressed").asBoolean()).as(f.toString()).isTrue();
      assertThat(f.at("/suppression/justification").asText())
          .isNotBlank()
          .isNotEqualTo("no reason given");
    }
  }

  @Test
  void pssJsonListsWorkloadsAndNamespaces() throws Exception {
    Run r = run("", "pss", "examples/insecure-cluster", "-o", "json", "--level", "baseline");
    assertThat(r.code()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    JsonNode monitor = null;
    for (JsonNode w : root.get("workloads")) {
      assertThat(
              w.has("kind")
                  && w.has("namespace")
                  && w.has("name")
                  && w.has("file")
                  && w.has("line"))
          .isTrue();
      if (w.get("name").asText().equals("node-monitor")) {
        monitor = w;
      }
    }
    assertThat(monitor.get("allowed").asBoolean()).isFalse();
    assertThat(monitor.get("violations").get(0).has("control")).isTrue();
    JsonNode shop = null;
    for (JsonNode n : root.get("namespaces")) {
      if (n.get("name").asText().equals("shop")) {
        shop = n;
      }
    }
    assertThat(shop.get("highestLevel").asText()).isEqualTo("privileged");
  }

  @Test
  void badFileIsReportedWithPositionAndTheRestIsScanned(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n");
    Files.writeString(
        dir.resolve("good.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n"
            + "    image: nginx:1.27\n    securityContext:\n      privileged: true\n");
    Run r = run("", "scan", dir.toString(), "-o", "json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).containsPattern("broken\\.yaml:\\d+:\\d+: cannot parse YAML");
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(r.out()).contains("\"PSS-003\"");
  }

  @Test
  void stdinIsRead() {
    Run r =
        run(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n"
                + "  containers:\n  - name: web\n    image: nginx:1.27\n",
            "scan",
            "-",
            "--only",
            "PSS-002");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("PSS-002").contains("<stdin>");
  }

  @Test
  void failOnAndSuppressionDecideTheExitCode(@TempDir Path dir) throws Exception {
    Path pod = dir.resolve("pod.yaml");
    Files.writeString(
        pod,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n"
            + "    parapet.dev/ignore: PSS-002\n    parapet.dev/ignore-reason: debugging pod\n"
            + "spec:\n  hostPID: true\n  containers:\n  - name: web\n    image: nginx:1.27\n");
    assertThat(run("", "scan", pod.toString(), "--only", "PSS-002").code()).isZero();
    assertThat(run("", "scan", pod.toString(), "--fail-on", "critical").code()).isZero();
    assertThat(run("", "scan", pod.toString(), "--fail-on", "medium").code()).isEqualTo(1);
  }

  @Test
  void baselineLetsOnlyNewFindingsFail(@TempDir Path dir) throws Exception {
    Path pod = dir.resolve("pod.yaml");
    Files.writeString(
        pod,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n"
            + "  containers:\n  - name: web\n    image: nginx:1.27\n");
    Path baseline = dir.resolve("baseline.json");
    assertThat(run("", "scan", pod.toString(), "--write-baseline", baseline.toString()).code())
        .isEqualTo(1);
    assertThat(run("", "scan", pod.toString(), "--baseline", baseline.toString()).code()).isZero();
    Files.writeString(
        pod, Files.readString(pod) + "    securityContext:\n      privileged: true\n");
    Run r = run("", "scan", pod.toString(), "--baseline", baseline.toString(), "--only", "pss");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("PSS-003");
  }

  @Test
  void severalReportsInOneRun(@TempDir Path dir) throws Exception {
    Path sarif = dir.resolve("out.sarif");
    Path junit = dir.resolve("out.xml");
    Run r =
        run(
            "",
            "scan",
            "examples/insecure-cluster",
            "-o",
            "sarif",
            "--output-file",
            sarif.toString(),
            "-o",
            "junit",
            "--output-file",
            junit.toString(),
            "-o",
            "table");
    assertThat(r.code()).isEqualTo(1);
    assertThat(Files.readString(sarif)).contains("\"version\": \"2.1.0\"");
    assertThat(Files.readString(junit)).contains("<testsuite");
    assertThat(r.out()).contains("PSS-003");
  }

  @Test
  void fixWritesPatchedManifestsThatNoLongerHaveTheFixedFindings(@TempDir Path dir)
      throws Exception {
    Run before = run("", "scan", "examples/insecure-cluster", "-o", "json");
    int fixable = 0;
    for (JsonNode f : JSON.readTree(before.out()).get("findings")) {
      if (f.has("fix")) {
        fixable++;
      }
    }
    assertThat(fixable).isGreaterThan(20);
    Run fix = run("", "fix", "examples/insecure-cluster", "--out", dir.toString());
    assertThat(fix.code()).as(fix.err()).isZero();
    assertThat(fix.out()).contains(fixable + " fixes applied");
    assertThat(fix.err()).doesNotContain("fix not applied");
    Run after = run("", "scan", dir.toString(), "-o", "json");
    for (JsonNode f : JSON.readTree(after.out()).get("findings")) {
      assertThat(f.has("fix")).as("left after fixing: " + f).isFalse();
    }
    String frontend = Files.readString(dir.resolve("10-frontend.yaml"));
    assertThat(frontend)
        .contains("# Source: frontend/templates/deployment.yaml")
        .contains("allowPrivilegeEscalation: false");
  }

  @Test
  void fixFindsTheObjectEvenWhenAnEarlierDocumentDidNotParse(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(
        in.resolve("pods.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: first\nspec:\n  containers:\n"
            + "  - name: a\n    image: nginx:1.27\n---\nkey: [broken\n---\n"
            + "apiVersion: v1\nkind: Pod\nmetadata:\n  name: second\nspec:\n  hostPID: true\n"
            + "  containers:\n  - name: b\n    image: nginx:1.27\n");
    Files.write(in.resolve("logo.yaml"), new byte[] {0, 1, 2, 3});
    Path out = dir.resolve("out");
    Run r = run("", "fix", in.toString(), "--out", out.toString(), "--only", "PSS-002");
    // the broken document is an input error, and the files are written all the same
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(Files.readAllBytes(out.resolve("logo.yaml"))).containsExactly(0, 1, 2, 3);
    String fixed = Files.readString(out.resolve("pods.yaml"));
    assertThat(fixed).doesNotContain("hostPID");
    assertThat(fixed.indexOf("name: second")).isPositive();
  }

  @Test
  void fixKeepsJsonFilesJson(@TempDir Path dir) throws Exception {
    Run r = run("", "fix", "examples/insecure-cluster", "--out", dir.toString());
    assertThat(r.code()).isZero();
    JsonNode dump = JSON.readTree(dir.resolve("80-kube-system-dump.json").toFile());
    assertThat(
            dump.at("/items/0/spec/containers/0/securityContext/allowPrivilegeEscalation")
                .asBoolean(true))
        .isFalse();
  }

  @Test
  void fixRefusesTwoInputsThatWouldOverwriteEachOther(@TempDir Path dir) throws Exception {
    for (String d : List.of("a", "b")) {
      Files.createDirectories(dir.resolve(d));
      Files.writeString(
          dir.resolve(d).resolve("app.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + d + "\n");
    }
    Run r =
        run(
            "",
            "fix",
            dir.resolve("a/app.yaml").toString(),
            dir.resolve("b/app.yaml").toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("would both be written to");
  }

  @Test
  void kustomizeAndHelmConfigBesideManifestsAreNotInputErrors(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- pod.yaml\n");
    Files.writeString(dir.resolve("values.yaml"), "replicaCount: 2\nimage:\n  tag: 1.2.3\n");
    Files.writeString(
        dir.resolve("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n"
            + "  containers:\n  - name: web\n    image: nginx:1.27\n");
    Run r = run("", "scan", dir.toString(), "--only", "PSS-002");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.err())
        .contains("values.yaml:1:1: warning: not a Kubernetes object")
        .doesNotContain("kustomization");
  }

  @Test
  void unwritableOutputFileIsAUsageError(@TempDir Path dir) {
    Run r = run("", "scan", "examples/hardened", "-o", "json", "--output-file", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot write").doesNotContain("at dev.parapet");
  }

  @Test
  void usageErrorsExitTwoWithoutStackTraces() {
    Run r = run("", "scan", "examples/insecure-cluster", "--fail-on", "severe");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--fail-on").doesNotContain("at dev.parapet");
    assertThat(run("", "scan", "no/such/dir").code()).isEqualTo(2);
    assertThat(run("", "scan", "examples", "--only", "NOPE-001").code()).isEqualTo(2);
    assertThat(run("", "pss", "examples", "--pss-version", "v2.0").code()).isEqualTo(2);
    assertThat(run("", "explain", "NOPE-001").code()).isEqualTo(2);
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    CommandLine cl = Main.commandLine(InputStream.nullInputStream());
    assertThat(cl.getUsageMessage()).contains("Examples:");
    for (var e : cl.getSubcommands().entrySet()) {
      assertThat(e.getValue().getUsageMessage()).as(e.getKey()).contains("Examples:");
    }
  }

  @Test
  void versionCompletionChecksAndExplain() {
    assertThat(run("", "--version").out()).startsWith("parapet ");
    assertThat(run("", "generate-completion").out()).contains("complete -F");
    Run checks = run("", "checks");
    assertThat(checks.out()).contains("PSS-003").contains("PSA-002");
    Run explain = run("", "explain", "pss-003");
    assertThat(explain.code()).isZero();
    assertThat(explain.out()).startsWith("PSS-003: Privileged container");
  }

  @Test
  void cisChecksAreListedInAlignedColumnsAndExplained() {
    List<String> rows = run("", "checks", "--category", "cis").out().lines().toList();
    assertThat(rows.get(0)).startsWith("ID         SEVERITY  CATEGORY  TITLE");
    assertThat(rows)
        .contains(
            "CIS-1.2.15 low       cis       kube-apiserver does not meet CIS 1.2.15: --profiling is"
                + " false",
            "CIS-2.2    critical  cis       etcd does not meet CIS 2.2: --client-cert-auth is true");
    Run explain = run("", "explain", "cis-1.3.7");
    assertThat(explain.code()).isZero();
    assertThat(explain.out())
        .startsWith("CIS-1.3.7: kube-controller-manager does not meet CIS 1.3.7: --bind-address is")
        .contains("CIS Kubernetes Benchmark: CIS 2.0: 1.3.7");
  }
}
