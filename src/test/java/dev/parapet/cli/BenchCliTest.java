package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** {@code parapet bench} end to end. */
class BenchCliTest {
  private static final String DEFAULT = "src/test/resources/bench/kubeadm-default";
  private static final String HARDENED = "src/test/resources/bench/kubeadm-hardened";
  private static final String INSECURE = "src/test/resources/bench/insecure-dump";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void tableGroupsBySectionWithRemediationAndSummaryAndExitsOneOnFail() {
    CliTest.Run r = CliTest.run("", "bench", DEFAULT);
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "cis-2.0 (CIS Kubernetes Benchmark v2.0), defaults of Kubernetes 1.34 (image tag)");
    assertThat(lines)
        .contains(
            "[INFO] 1.2 API server",
            "[PASS] 1.2.2 --token-auth-file is not set",
            "[FAIL] 1.2.15 --profiling is false",
            "       --profiling not set; default true applies (Kubernetes 1.34) ("
                + DEFAULT
                + "/kube-apiserver.yaml:16)",
            "       fix: Pass --profiling=false; the pprof endpoints it defaults to reveal"
                + " internals and cost CPU when called.",
            "[WARN] 1.2.20 --request-timeout suits the cluster (manual)",
            "[INFO] 2 etcd",
            "== Summary ==",
            "1.2 API server                                15     7     8     0",
            "4.2 Kubelet                                   10     0     4     0",
            "total                                         43    10    21    31");
  }

  @Test
  void hardenedManifestsExitZero() {
    CliTest.Run r = CliTest.run("", "bench", HARDENED);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .doesNotContain("[FAIL]")
        .contains("total                                         70     0     4    31");
  }

  @Test
  void jsonResultsCarryIdTextComponentStatusEvidenceAndTheLineOfTheValue() throws Exception {
    CliTest.Run r = CliTest.run("", "bench", INSECURE, "-o", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("kubernetesVersion").asText()).isEqualTo("1.33");
    JsonNode token = null;
    for (JsonNode res : root.get("results")) {
      if (res.get("id").asText().equals("1.2.2")) {
        token = res;
      }
    }
    assertThat(token).isNotNull();
    assertThat(token.get("text").asText()).isEqualTo("--token-auth-file is not set");
    assertThat(token.get("component").asText()).isEqualTo("kube-apiserver");
    assertThat(token.get("instance").asText()).isEqualTo("kube-system/kube-apiserver-cp1");
    assertThat(token.get("status").asText()).isEqualTo("FAIL");
    assertThat(token.get("evidence").asText())
        .isEqualTo("--token-auth-file=/etc/kubernetes/tokens.csv");
    assertThat(token.get("severity").asText()).isEqualTo("high");
    assertThat(token.get("stride").asText()).isEqualTo("Spoofing");
    String line =
        Files.readAllLines(Path.of(token.get("file").asText())).get(token.get("line").asInt() - 1);
    assertThat(line.trim()).isEqualTo("- --token-auth-file=/etc/kubernetes/tokens.csv");
    assertThat(root.get("totals").get("fail").asInt()).isEqualTo(41);
  }

  @Test
  void junitHasACasePerResultAndFailuresForFail() throws Exception {
    CliTest.Run r = CliTest.run("", "bench", DEFAULT, "-o", "junit");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(13);
    assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(105);
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(10);
    // WARN and INFO are skipped cases: 21 WARN, 31 INFO (no --root: the file entries)
    assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(52);
    assertThat(r.out())
        .contains(
            "<testcase name=\"1.2.15 --profiling is false on kube-system/kube-apiserver\""
                + " classname=\"cis-2.0.1.2\" file=\""
                + DEFAULT
                + "/kube-apiserver.yaml\" line=\"16\">");
  }

  @Test
  void mirrorPodsOnStandardInputAreRead() throws Exception {
    String dump = Files.readString(Path.of(INSECURE, "kube-system-pods.yaml"));
    CliTest.Run r = CliTest.run(dump, "bench", "-", "--targets", "etcd");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("[FAIL] 2.3 --auto-tls is not true").doesNotContain("1.2.");
  }

  @Test
  void missingComponentsAreInfoAndExitZero() {
    CliTest.Run r = CliTest.run("", "bench", "examples/hardened");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("[INFO] 1.2.15 --profiling is false", "kube-apiserver not found in the input");
    assertThat(r.err()).contains("no component found in the input");
  }

  @Test
  void unknownBenchmarkTargetFormatOrVersionIsAUsageError() {
    CliTest.Run b = CliTest.run("", "bench", DEFAULT, "--benchmark", "cis-9.9");
    assertThat(b.code()).isEqualTo(2);
    assertThat(b.err()).contains("unknown benchmark 'cis-9.9' (known: cis-1.12, cis-2.0)");
    CliTest.Run t = CliTest.run("", "bench", DEFAULT, "--targets", "master,workers");
    assertThat(t.code()).isEqualTo(2);
    assertThat(t.err()).contains("unknown target 'workers'");
    CliTest.Run o = CliTest.run("", "bench", DEFAULT, "-o", "sarif");
    assertThat(o.code()).isEqualTo(2);
    CliTest.Run v = CliTest.run("", "bench", DEFAULT, "--k8s-version", "latest");
    assertThat(v.code()).isEqualTo(2);
    assertThat(v.err()).contains("--k8s-version: 'latest' is not a version like 1.34");
  }

  @Test
  void k8sVersionOptionDecidesTheDefaults() {
    CliTest.Run r =
        CliTest.run("", "bench", DEFAULT, "--k8s-version", "1.32", "--targets", "master");
    assertThat(r.out())
        .contains("defaults of Kubernetes 1.32 (--k8s-version)")
        .contains("--profiling not set; default true applies (Kubernetes 1.32)");
  }

  @Test
  void brokenInputIsReportedAndTheRestIsJudged(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Files.copy(Path.of(DEFAULT, "kube-scheduler.yaml"), dir.resolve("kube-scheduler.yaml"));
    Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: [\n");
    CliTest.Run r = CliTest.run("", "bench", dir.toString(), "--targets", "master");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("broken.yaml:").doesNotContain("Exception");
    assertThat(r.out()).contains("[FAIL] 1.4.1 --profiling is false");
  }

  @Test
  void jsonExampleInTheDocsIsTrue() throws Exception {
    CliTest.Run r = CliTest.run("", "bench", DEFAULT, "--targets", "etcd", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    String doc = Files.readString(Path.of("docs", "json-output.md"));
    int section = doc.indexOf("\n## parapet bench\n");
    assertThat(section).isPositive();
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    assertThat(doc.substring(start, doc.indexOf("```", start)))
        .as("the bench example in docs/json-output.md is stale")
        .isEqualTo(r.out());
    JsonNode full = JSON.readTree(CliTest.run("", "bench", INSECURE, "-o", "json").out());
    java.util.Set<String> keys = new java.util.TreeSet<>();
    full.fieldNames().forEachRemaining(keys::add);
    full.get("results").get(0).fieldNames().forEachRemaining(keys::add);
    full.get("sections").get(0).fieldNames().forEachRemaining(keys::add);
    String part = doc.substring(section);
    for (String k : keys) {
      assertThat(part).as("key %s documented", k).contains("`" + k + "`");
    }
  }

  @Test
  void tableNamesTheInstanceWhenAComponentRunsSeveralTimes(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String api = Files.readString(Path.of(DEFAULT, "kube-apiserver.yaml"));
    Files.writeString(
        dir.resolve("cp1.yaml"),
        api.replace("name: kube-apiserver\n", "name: kube-apiserver-cp1\n"));
    Files.writeString(
        dir.resolve("cp2.yaml"),
        api.replace("name: kube-apiserver\n", "name: kube-apiserver-cp2\n")
            .replace(
                "    - --secure-port=6443\n",
                "    - --profiling=false\n    - --secure-port=6443\n"));
    CliTest.Run r = CliTest.run("", "bench", dir.toString(), "--targets", "master");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().lines())
        .contains(
            "[FAIL] 1.2.15 --profiling is false on kube-system/kube-apiserver-cp1",
            "[PASS] 1.2.15 --profiling is false on kube-system/kube-apiserver-cp2");
  }

  /**
   * On a node: {@code --root} reads the static pod manifests, the kubelet's systemd unit and config
   * file, and every file's mode and owner; nothing else is needed.
   */
  @Test
  void rootAloneJudgesAKubeadmNode(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    dev.parapet.bench.KubeadmNode.controlPlane(dir);
    CliTest.Run r = CliTest.run("", "bench", "--root", dir.toString(), "-o", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    root.get("results").forEach(n -> byId.put(n.get("id").asText(), n));
    // the manifests under the root were read
    assertThat(byId.get("1.2.15").get("status").asText()).isEqualTo("FAIL");
    assertThat(byId.get("1.2.15").get("file").asText())
        .isEqualTo(
            dir.toRealPath().resolve("etc/kubernetes/manifests/kube-apiserver.yaml").toString());
    // the files: kubeadm leaves config.yaml and the unit's drop-in at 644
    assertThat(byId.get("1.1.1").get("status").asText()).isEqualTo("PASS");
    assertThat(byId.get("4.1.9").get("status").asText()).isEqualTo("FAIL");
    assertThat(byId.get("4.1.9").get("evidence").asText())
        .isEqualTo(
            "/var/lib/kubelet/config.yaml permissions=644 owner=root:root (want at most 600);"
                + " kubeadm writes it with permissions 644");
    assertThat(byId.get("4.1.1").get("status").asText()).isEqualTo("FAIL");
    // the kubelet as its systemd unit starts it, with the config file --config names
    assertThat(byId.get("4.2.1").get("instance").asText()).startsWith("kubelet (systemd unit, ");
    assertThat(byId.get("4.2.1").get("status").asText()).isEqualTo("PASS");
    assertThat(byId.get("4.2.1").get("evidence").asText())
        .startsWith("authentication.anonymous.enabled: false");
  }

  /** {@code --proc} reads command lines from DIR/PID/cmdline, arguments separated by NUL. */
  @Test
  void procReadsTheRunningKubelet(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path pid = Files.createDirectories(dir.resolve("proc/845"));
    Files.write(
        pid.resolve("cmdline"),
        String.join(
                "\0",
                "/usr/bin/kubelet",
                "--kubeconfig=/etc/kubernetes/kubelet.conf",
                "--anonymous-auth=true",
                "--read-only-port=10255",
                "")
            .getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(dir.resolve("proc/1"));
    Files.write(dir.resolve("proc/1/cmdline"), "/sbin/init\0".getBytes(StandardCharsets.UTF_8));
    CliTest.Run r =
        CliTest.run("", "bench", "--proc", dir.resolve("proc").toString(), "--targets", "node");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "[FAIL] 4.2.1 anonymous auth is off (--anonymous-auth / authentication.anonymous.enabled"
                + " false)",
            "[WARN] 4.2.4 the read-only port is off (--read-only-port / readOnlyPort 0) (manual)",
            "--read-only-port=10255 (flag, " + dir.resolve("proc") + "/845/cmdline");
  }

  @Test
  void nothingToJudgeIsAUsageError() {
    CliTest.Run r = CliTest.run("", "bench");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nothing to judge: give manifest or configuration PATHs");
  }
}
