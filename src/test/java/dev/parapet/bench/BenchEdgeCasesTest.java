package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.Problem;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that a quick reading gets wrong: empty values, unread files, links, drop-ins, numbers. */
class BenchEdgeCasesTest {
  @TempDir Path tmp;

  private static BenchReport run(
      Inventory inv, Optional<NodeFiles> root, List<ComponentSettings> processes) {
    return BenchEvaluator.evaluate(
        Benchmark.load("cis-2.0").orElseThrow(),
        BenchInputs.gather(inv, root, processes, Defaults.shipped()),
        BenchEvaluator.Options.defaults(),
        Defaults.shipped());
  }

  private static BenchResult result(BenchReport r, String id) {
    return r.results().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
  }

  private static Inventory yaml(String name, String text) {
    return Inventory.build(
        List.of(new YamlReader(Limits.DEFAULT).read(name, text.getBytes(StandardCharsets.UTF_8))));
  }

  private static List<ComponentSettings> ps(String line) {
    return CommandLines.parse("ps.txt", line + "\n").components();
  }

  /** An empty value turns the feature off: --audit-log-path= keeps the log backend off. */
  @Test
  void anEmptyFlagIsTheSameAsNoFlag() {
    Inventory inv =
        yaml(
            "apiserver.yaml",
            BenchData.pod(
                "kube-apiserver-cp1",
                "registry.k8s.io/kube-apiserver:v1.34.1",
                "kube-apiserver",
                "--audit-log-path=",
                "--token-auth-file=",
                "--client-ca-file="));
    BenchReport r = run(inv, Optional.empty(), List.of());
    assertThat(result(r, "1.2.16").status()).isEqualTo(Status.FAIL);
    assertThat(result(r, "1.2.16").evidence())
        .isEqualTo("--audit-log-path is empty, the same as not set");
    assertThat(result(r, "1.2.25").status()).isEqualTo(Status.FAIL);
    assertThat(result(r, "1.2.2").status()).isEqualTo(Status.PASS);
  }

  /** The file --config names was not read: what it may set is not decided by a default. */
  @Test
  void aKubeletWhoseConfigFileWasNotReadIsWarnNotFail() {
    BenchReport r =
        run(
            Inventory.of(List.of()),
            Optional.empty(),
            ps(
                "/usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf"
                    + " --config=/var/lib/kubelet/config.yaml"));
    BenchResult ca = result(r, "4.2.3");
    assertThat(ca.status()).isEqualTo(Status.WARN);
    assertThat(ca.evidence()).contains("the file --config names was not read");
    assertThat(result(r, "4.2.1").status()).isEqualTo(Status.WARN);
  }

  /** etcd's --data-dir is the container's path: the node's is behind the hostPath mount. */
  @Test
  void etcdsDataDirIsFollowedThroughItsMount() throws IOException {
    KubeadmNode n = KubeadmNode.controlPlane(tmp.resolve("node")).chmod("/var/lib/etcd", "755");
    String etcd =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: etcd-cp1, namespace: kube-system}
        spec:
          containers:
          - name: etcd
            image: registry.k8s.io/etcd:3.6.4-0
            command: [etcd, --data-dir=/data]
            volumeMounts:
            - {mountPath: /data, name: etcd-data}
          volumes:
          - {name: etcd-data, hostPath: {path: /var/lib/etcd, type: DirectoryOrCreate}}
        """;
    BenchResult r =
        result(
            run(yaml("etcd.yaml", etcd), Optional.of(n.open(new ArrayList<>())), List.of()),
            "1.1.11");
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence())
        .isEqualTo("/var/lib/etcd permissions=755 owner=root:root (want at most 700)");
  }

  /** A key reached through a link is judged by its target, as the API server reading it gets. */
  @Test
  void aLinkedKeyIsJudgedByItsTarget() throws IOException {
    KubeadmNode n = KubeadmNode.controlPlane(tmp.resolve("node"));
    n.write("/srv/keys/ca.key", "key", "644");
    Files.delete(n.host("/etc/kubernetes/pki/ca.key"));
    Files.createSymbolicLink(n.host("/etc/kubernetes/pki/ca.key"), Path.of("/srv/keys/ca.key"));
    BenchResult r =
        result(
            run(Inventory.of(List.of()), Optional.of(n.open(new ArrayList<>())), List.of()),
            "1.1.21");
    assertThat(r.status()).isEqualTo(Status.WARN);
    assertThat(r.evidence())
        .startsWith("/etc/kubernetes/pki/ca.key permissions=644 owner=root:root (through a link)");
  }

  /** "0h0m0s" is a zero duration like "0s": the kubelet's defaulter replaces it with 4h. */
  @Test
  void everyZeroDurationInTheConfigFileIsReplacedByTheDefault() throws IOException {
    KubeadmNode n = KubeadmNode.controlPlane(tmp.resolve("node"));
    String config = Files.readString(n.host(KubeadmNode.KUBELET_CONFIG));
    n.write(
        KubeadmNode.KUBELET_CONFIG,
        config.replace(
            "streamingConnectionIdleTimeout: 0s", "streamingConnectionIdleTimeout: 0h0m0s"),
        "600");
    BenchResult r =
        result(
            run(Inventory.of(List.of()), Optional.of(n.open(new ArrayList<>())), List.of()),
            "4.2.5");
    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.evidence()).contains("0h0m0s is a zero value the kubelet replaces");
  }

  /** A drop-in of --config-dir overrides the config file, key by key, in file name order. */
  @Test
  void kubeletDropInsOverrideTheConfigFile() throws IOException {
    KubeadmNode n = KubeadmNode.controlPlane(tmp.resolve("node"));
    String head = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    n.write("/etc/kubernetes/kubelet.conf.d/10-debug.conf", head + "readOnlyPort: 10255\n", "600");
    n.write(
        "/etc/kubernetes/kubelet.conf.d/20-authz.conf",
        head + "authorization:\n  mode: AlwaysAllow\n",
        "600");
    n.write("/etc/kubernetes/kubelet.conf.d/30-undo.conf", head + "readOnlyPort: 0\n", "600");
    n.write("/etc/kubernetes/kubelet.conf.d/README", "not a drop-in", "600");
    String line =
        "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml"
            + " --config-dir=/etc/kubernetes/kubelet.conf.d";
    BenchReport r = run(Inventory.of(List.of()), Optional.of(n.open(new ArrayList<>())), ps(line));
    assertThat(result(r, "4.2.2").status()).isEqualTo(Status.FAIL);
    assertThat(result(r, "4.2.2").evidence()).contains("20-authz.conf");
    assertThat(result(r, "4.2.4").status()).isEqualTo(Status.PASS);
    assertThat(result(r, "4.2.4").evidence()).contains("30-undo.conf");
    // without the node's files the drop-ins cannot be read: nothing a drop-in could set is decided
    BenchReport blind =
        run(
            Inventory.of(List.of()),
            Optional.empty(),
            ps("/usr/bin/kubelet --config-dir=/etc/kubernetes/kubelet.conf.d"));
    assertThat(result(blind, "4.2.2").status()).isEqualTo(Status.WARN);
    assertThat(result(blind, "4.2.2").evidence())
        .contains("the drop-ins in /etc/kubernetes/kubelet.conf.d are read only with --root DIR");
  }

  /** Integer flags are read as pflag reads them: strconv.ParseInt(s, 0, 64). */
  @Test
  void integersAreReadWithGoBasePrefixes() {
    assertThat(BenchEvaluator.parseGoInt("30")).contains(30L);
    assertThat(BenchEvaluator.parseGoInt("030")).contains(24L);
    assertThat(BenchEvaluator.parseGoInt("0x10")).contains(16L);
    assertThat(BenchEvaluator.parseGoInt("0o17")).contains(15L);
    assertThat(BenchEvaluator.parseGoInt("0b101")).contains(5L);
    assertThat(BenchEvaluator.parseGoInt("1_000")).contains(1000L);
    assertThat(BenchEvaluator.parseGoInt("-1")).contains(-1L);
    assertThat(BenchEvaluator.parseGoInt("0")).contains(0L);
    assertThat(BenchEvaluator.parseGoInt("0x")).isEmpty();
    assertThat(BenchEvaluator.parseGoInt("1__0")).isEmpty();
    assertThat(BenchEvaluator.parseGoInt("ten")).isEmpty();
    assertThat(BenchEvaluator.parseGoInt("08")).isEmpty();
    Inventory inv =
        yaml(
            "apiserver.yaml",
            BenchData.pod(
                "kube-apiserver-cp1",
                "registry.k8s.io/kube-apiserver:v1.34.1",
                "kube-apiserver",
                "--audit-log-maxage=030"));
    assertThat(result(run(inv, Optional.empty(), List.of()), "1.2.17").status())
        .isEqualTo(Status.FAIL);
  }

  /** Problems of the node tree are collected, not thrown. */
  @Test
  void aNodeRootThatIsNotADirectoryIsAProblem() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    List<Problem> problems = new ArrayList<>();
    assertThat(NodeFiles.open(file, problems)).isEmpty();
    assertThat(problems)
        .extracting(Problem::message)
        .containsExactly("node root is not a directory");
  }
}
