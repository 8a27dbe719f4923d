package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expected status of every CIS 1.12 entry on the kubeadm v1.34 default manifests, the hardened
 * ones and a badly configured kube-system dump; and the meta-test that every entry with a test
 * passes on some of that data and is not passed on some other.
 */
class BenchDataTest {
  /**
   * kubeadm's defaults on a control-plane node: as research and kube-bench runs on fresh kubeadm
   * clusters report (sections 1.2 to 2), with the node's files as kubeadm and its packages leave
   * them ({@link KubeadmNode}): the kubelet unit and config.yaml are 644, etcd's data directory is
   * root's, and Secrets are not encrypted.
   */
  private static final String DEFAULT_EXPECTED =
      """
      1.1.1 PASS   1.1.2 PASS   1.1.3 PASS   1.1.4 PASS   1.1.5 PASS   1.1.6 PASS
      1.1.7 PASS   1.1.8 PASS   1.1.9 WARN   1.1.10 PASS  1.1.11 PASS  1.1.12 FAIL
      1.1.13 PASS  1.1.14 PASS  1.1.15 PASS  1.1.16 PASS  1.1.17 PASS  1.1.18 PASS
      1.1.19 PASS  1.1.20 PASS  1.1.21 PASS
      1.2.1 WARN   1.2.2 PASS   1.2.3 WARN   1.2.4 PASS   1.2.5 FAIL   1.2.6 PASS
      1.2.7 PASS   1.2.8 PASS   1.2.9 WARN   1.2.10 PASS  1.2.11 WARN  1.2.12 PASS
      1.2.13 PASS  1.2.14 PASS  1.2.15 FAIL  1.2.16 FAIL  1.2.17 FAIL  1.2.18 FAIL
      1.2.19 FAIL  1.2.20 WARN  1.2.21 PASS  1.2.22 PASS  1.2.23 PASS  1.2.24 PASS
      1.2.25 PASS  1.2.26 PASS  1.2.27 WARN  1.2.28 WARN  1.2.29 WARN  1.2.30 FAIL
      1.3.1 WARN   1.3.2 FAIL   1.3.3 PASS   1.3.4 PASS   1.3.5 PASS   1.3.6 PASS
      1.3.7 PASS   1.4.1 FAIL   1.4.2 PASS
      2.1 PASS     2.2 PASS     2.3 PASS     2.4 PASS     2.5 PASS     2.6 PASS     2.7 PASS
      3.1.1 WARN   3.1.2 WARN   3.1.3 WARN   3.2.1 WARN   3.2.2 WARN
      4.1.1 FAIL   4.1.2 PASS   4.1.3 INFO   4.1.4 INFO   4.1.5 PASS   4.1.6 PASS
      4.1.7 PASS   4.1.8 PASS   4.1.9 FAIL   4.1.10 PASS
      4.2.1 PASS   4.2.2 PASS   4.2.3 PASS   4.2.4 PASS   4.2.5 PASS   4.2.6 PASS
      4.2.7 PASS   4.2.8 PASS   4.2.9 WARN   4.2.10 PASS  4.2.11 PASS  4.2.12 WARN
      4.2.13 WARN  4.2.14 WARN  4.3.1 PASS
      P.1.1 PASS   P.1.2 PASS   P.1.3 FAIL   P.1.4 WARN   P.1.5 WARN   P.2.1 WARN
      P.3.1 PASS   P.3.2 PASS
      """;

  /**
   * Only the entries a person must judge, with no test, are left; and 1.1.12, since kubeadm runs
   * etcd as root (its pass case is {@link #etcdAsItsOwnUserPasses1112}). The kube-proxy kubeconfig
   * entries have nothing to judge on a kubeadm node.
   */
  private static final String HARDENED_EXPECTED =
      """
      1.1.1 PASS   1.1.2 PASS   1.1.3 PASS   1.1.4 PASS   1.1.5 PASS   1.1.6 PASS
      1.1.7 PASS   1.1.8 PASS   1.1.9 PASS   1.1.10 PASS  1.1.11 PASS  1.1.12 FAIL
      1.1.13 PASS  1.1.14 PASS  1.1.15 PASS  1.1.16 PASS  1.1.17 PASS  1.1.18 PASS
      1.1.19 PASS  1.1.20 PASS  1.1.21 PASS
      1.2.1 PASS   1.2.2 PASS   1.2.3 PASS   1.2.4 PASS   1.2.5 PASS   1.2.6 PASS
      1.2.7 PASS   1.2.8 PASS   1.2.9 PASS   1.2.10 PASS  1.2.11 PASS  1.2.12 PASS
      1.2.13 PASS  1.2.14 PASS  1.2.15 PASS  1.2.16 PASS  1.2.17 PASS  1.2.18 PASS
      1.2.19 PASS  1.2.20 WARN  1.2.21 PASS  1.2.22 PASS  1.2.23 PASS  1.2.24 PASS
      1.2.25 PASS  1.2.26 PASS  1.2.27 PASS  1.2.28 PASS  1.2.29 PASS  1.2.30 PASS
      1.3.1 PASS   1.3.2 PASS   1.3.3 PASS   1.3.4 PASS   1.3.5 PASS   1.3.6 PASS
      1.3.7 PASS   1.4.1 PASS   1.4.2 PASS
      2.1 PASS     2.2 PASS     2.3 PASS     2.4 PASS     2.5 PASS     2.6 PASS     2.7 PASS
      3.1.1 WARN   3.1.2 WARN   3.1.3 WARN   3.2.1 PASS   3.2.2 PASS
      4.1.1 PASS   4.1.2 PASS   4.1.3 INFO   4.1.4 INFO   4.1.5 PASS   4.1.6 PASS
      4.1.7 PASS   4.1.8 PASS   4.1.9 PASS   4.1.10 PASS
      4.2.1 PASS   4.2.2 PASS   4.2.3 PASS   4.2.4 PASS   4.2.5 PASS   4.2.6 PASS
      4.2.7 PASS   4.2.8 PASS   4.2.9 PASS   4.2.10 PASS  4.2.11 PASS  4.2.12 PASS
      4.2.13 PASS  4.2.14 PASS  4.3.1 PASS
      P.1.1 PASS   P.1.2 PASS   P.1.3 PASS   P.1.4 PASS   P.1.5 PASS   P.2.1 PASS
      P.3.1 PASS   P.3.2 PASS
      """;

  /**
   * A badly kept node: the kubelet started with flags only, world-readable keys and kubeconfigs,
   * files owned by a non-root account, a kube-proxy kubeconfig left readable.
   */
  private static final String INSECURE_EXPECTED =
      """
      1.1.1 FAIL   1.1.2 FAIL   1.1.3 FAIL   1.1.4 FAIL   1.1.5 FAIL   1.1.6 FAIL
      1.1.7 FAIL   1.1.8 FAIL   1.1.9 WARN   1.1.10 WARN  1.1.11 FAIL  1.1.12 FAIL
      1.1.13 FAIL  1.1.14 FAIL  1.1.15 FAIL  1.1.16 FAIL  1.1.17 FAIL  1.1.18 FAIL
      1.1.19 FAIL  1.1.20 WARN  1.1.21 WARN
      1.2.1 WARN   1.2.2 FAIL   1.2.3 WARN   1.2.4 FAIL   1.2.5 FAIL   1.2.6 FAIL
      1.2.7 FAIL   1.2.8 FAIL   1.2.9 WARN   1.2.10 FAIL  1.2.11 WARN  1.2.12 FAIL
      1.2.13 FAIL  1.2.14 FAIL  1.2.15 FAIL  1.2.16 FAIL  1.2.17 FAIL  1.2.18 FAIL
      1.2.19 FAIL  1.2.20 WARN  1.2.21 FAIL  1.2.22 FAIL  1.2.23 FAIL  1.2.24 FAIL
      1.2.25 FAIL  1.2.26 FAIL  1.2.27 PASS  1.2.28 WARN  1.2.29 WARN  1.2.30 FAIL
      1.3.1 WARN   1.3.2 FAIL   1.3.3 FAIL   1.3.4 FAIL   1.3.5 FAIL   1.3.6 FAIL
      1.3.7 FAIL   1.4.1 FAIL   1.4.2 FAIL
      2.1 FAIL     2.2 FAIL     2.3 FAIL     2.4 FAIL     2.5 FAIL     2.6 FAIL     2.7 WARN
      3.1.1 WARN   3.1.2 WARN   3.1.3 WARN   3.2.1 PASS   3.2.2 WARN
      4.1.1 FAIL   4.1.2 FAIL   4.1.3 WARN   4.1.4 WARN   4.1.5 FAIL   4.1.6 FAIL
      4.1.7 WARN   4.1.8 WARN   4.1.9 INFO   4.1.10 INFO
      4.2.1 FAIL   4.2.2 FAIL   4.2.3 FAIL   4.2.4 WARN   4.2.5 WARN   4.2.6 FAIL
      4.2.7 WARN   4.2.8 WARN   4.2.9 WARN   4.2.10 FAIL  4.2.11 WARN  4.2.12 WARN
      4.2.13 WARN  4.2.14 WARN  4.3.1 FAIL
      P.1.1 FAIL   P.1.2 FAIL   P.1.3 FAIL   P.1.4 WARN   P.1.5 WARN   P.2.1 WARN
      P.3.1 WARN   P.3.2 FAIL
      """;

  @TempDir Path tmp;

  /** The default data set's node: kubeadm's control plane as it leaves it. */
  NodeFiles defaultNode() throws IOException {
    return KubeadmNode.controlPlane(tmp.resolve("default")).open(new ArrayList<>());
  }

  /** The hardened node, with the configuration files the hardened manifests name. */
  NodeFiles hardenedNode() throws IOException {
    KubeadmNode n = KubeadmNode.controlPlane(tmp.resolve("hardened")).hardened();
    copyTree(Path.of(BenchData.HARDENED), n);
    return n.open(new ArrayList<>());
  }

  /** A badly kept node. */
  NodeFiles insecureNode() throws IOException {
    KubeadmNode n = KubeadmNode.controlPlane(tmp.resolve("insecure"));
    copyTree(Path.of(BenchData.INSECURE), n);
    for (String m :
        List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd")) {
      n.chmod("/etc/kubernetes/manifests/" + m + ".yaml", "644");
    }
    for (String k :
        List.of("admin.conf", "super-admin.conf", "scheduler.conf", "controller-manager.conf")) {
      n.chmod("/etc/kubernetes/" + k, "644");
    }
    n.chmod("/etc/kubernetes/kubelet.conf", "644");
    n.chmod("/etc/kubernetes/pki/ca.key", "644");
    n.chmod("/etc/kubernetes/pki/ca.crt", "666");
    n.chmod("/var/lib/etcd", "755");
    n.chmod(KubeadmNode.DROP_IN, "664");
    // kube-proxy run as a node service, its kubeconfig readable by all
    n.write("/var/lib/kube-proxy/kubeconfig.conf", "apiVersion: v1\nkind: Config\n", "644");
    // the kubelet runs without --config: no config.yaml to judge
    java.nio.file.Files.delete(n.host(KubeadmNode.KUBELET_CONFIG));
    n.owners("kube", "kube");
    return n.open(new ArrayList<>());
  }

  /** The configuration files beside a data set's manifests (etc/, srv/, var/), mode 600. */
  private static void copyTree(Path dataSet, KubeadmNode n) throws IOException {
    for (String top : List.of("etc", "srv", "var")) {
      Path dir = dataSet.resolve(top);
      if (!java.nio.file.Files.isDirectory(dir)) {
        continue;
      }
      try (var files = java.nio.file.Files.walk(dir)) {
        for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
          String nodePath = "/" + dataSet.relativize(f).toString().replace('\\', '/');
          n.write(nodePath, java.nio.file.Files.readString(f), "600");
        }
      }
    }
  }

  static Map<String, Status> expected(String table) {
    Map<String, Status> out = new TreeMap<>();
    String[] words = table.trim().split("\\s+");
    for (int i = 0; i < words.length; i += 2) {
      out.put(words[i], Status.valueOf(words[i + 1]));
    }
    return out;
  }

  static Map<String, Status> actual(BenchReport report) {
    Map<String, Status> out = new TreeMap<>();
    for (BenchResult r : report.results()) {
      Status before = out.put(r.id(), r.status());
      assertThat(before).as("one instance per component in this data: %s", r.id()).isNull();
    }
    return out;
  }

  @Test
  void kubeadmDefaultsFailProfilingAuditLogKubeletCaAndTokenExpiry() throws IOException {
    BenchReport report = BenchData.run(BenchData.DEFAULT, Optional.of(defaultNode()));
    assertThat(actual(report)).isEqualTo(expected(DEFAULT_EXPECTED));
    assertThat(report.kubernetes()).hasToString("1.34");
    assertThat(report.versionSource()).isEqualTo("image tag");
  }

  @Test
  void hardenedManifestsPassEveryEntryWithATest() throws IOException {
    assertThat(actual(BenchData.run(BenchData.HARDENED, Optional.of(hardenedNode()))))
        .isEqualTo(expected(HARDENED_EXPECTED));
  }

  /** kubeadm runs etcd as root; a node where etcd has its own account passes 1.1.12. */
  @Test
  void etcdAsItsOwnUserPasses1112() throws IOException {
    KubeadmNode n = KubeadmNode.controlPlane(tmp.resolve("etcd-user")).owners("etcd", "etcd");
    BenchResult r =
        result(BenchData.run(BenchData.DEFAULT, Optional.of(n.open(new ArrayList<>()))), "1.1.12");
    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.evidence()).contains("/var/lib/etcd permissions=700 owner=etcd:etcd");
  }

  /** Without --root the file entries have nothing to judge; everything else is unchanged. */
  @Test
  void withoutTheNodesFilesFileEntriesAreInfo() throws IOException {
    Map<String, Status> with = actual(BenchData.run(BenchData.DEFAULT, Optional.of(defaultNode())));
    Map<String, Status> without = actual(BenchData.run(BenchData.DEFAULT));
    for (String id : with.keySet()) {
      if (id.startsWith("1.1.") || id.startsWith("4.1.")) {
        assertThat(without.get(id)).as(id).isEqualTo(Status.INFO);
      } else {
        assertThat(without.get(id)).as(id).isEqualTo(with.get(id));
      }
    }
    assertThat(result(BenchData.run(BenchData.DEFAULT), "1.1.1").evidence())
        .isEqualTo("the node's files were not given (--root DIR; / on the node itself)");
  }

  static BenchResult result(BenchReport report, String id) {
    return report.results().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void insecureDumpFailsEveryAutomatedEntry() throws IOException {
    BenchReport report = BenchData.run(BenchData.INSECURE, Optional.of(insecureNode()));
    assertThat(actual(report)).isEqualTo(expected(INSECURE_EXPECTED));
    assertThat(report.kubernetes()).hasToString("1.33");
  }

  @Test
  void expectedTablesCoverEveryEntry() {
    Set<String> ids = new java.util.TreeSet<>();
    BenchData.cis().checks().forEach(c -> ids.add(c.id()));
    assertThat(expected(DEFAULT_EXPECTED).keySet()).isEqualTo(ids);
    assertThat(expected(HARDENED_EXPECTED).keySet()).isEqualTo(ids);
    assertThat(expected(INSECURE_EXPECTED).keySet()).isEqualTo(ids);
  }

  /**
   * Every entry with a test passes on some test data and is not passed on some other: FAIL for an
   * automated entry, WARN for a manual one.
   */
  @Test
  void everyEntryWithATestHasAPassingAndAFailingCase() throws IOException {
    Map<String, EnumSet<Status>> seen = new LinkedHashMap<>();
    List<BenchReport> reports =
        List.of(
            BenchData.run(BenchData.DEFAULT, Optional.of(defaultNode())),
            BenchData.run(BenchData.HARDENED, Optional.of(hardenedNode())),
            BenchData.run(BenchData.INSECURE, Optional.of(insecureNode())),
            BenchData.run(
                BenchData.DEFAULT,
                Optional.of(
                    KubeadmNode.controlPlane(tmp.resolve("etcd-user"))
                        .owners("etcd", "etcd")
                        .open(new ArrayList<>()))),
            BenchData.run(BenchData.DEFAULT, Optional.of(kubeProxyServiceNode())));
    for (BenchReport report : reports) {
      for (BenchResult r : report.results()) {
        seen.computeIfAbsent(r.id(), k -> EnumSet.noneOf(Status.class)).add(r.status());
      }
    }
    List<String> missing = new ArrayList<>();
    for (BenchCheck c : BenchData.cis().checks()) {
      if (c.test().isEmpty()) {
        assertThat(seen.get(c.id())).as(c.id()).containsOnly(Status.WARN);
        continue;
      }
      Status bad = c.scored() ? Status.FAIL : Status.WARN;
      if (!seen.get(c.id()).contains(Status.PASS)) {
        missing.add(c.id() + " never passes");
      }
      if (!seen.get(c.id()).contains(bad)) {
        missing.add(c.id() + " never " + bad);
      }
    }
    assertThat(missing).isEmpty();
  }

  /** A worker that runs kube-proxy as a node service, its kubeconfig kept at 600. */
  NodeFiles kubeProxyServiceNode() throws IOException {
    return KubeadmNode.worker(tmp.resolve("proxy-service"))
        .write("/var/lib/kube-proxy/kubeconfig.conf", "apiVersion: v1\nkind: Config\n", "600")
        .open(new ArrayList<>());
  }

  @Test
  void coreDnsPodsAreNotComponentsButKubeProxyPodsAre() {
    assertThat(BenchData.instances(BenchData.INSECURE))
        .extracting(Instance::name)
        .containsExactly(
            "kube-system/kube-apiserver-cp1",
            "kube-system/kube-controller-manager-cp1",
            "kube-system/kube-scheduler-cp1",
            "kube-system/etcd-cp1",
            "kube-system/kube-proxy-7xk2p");
  }
}
