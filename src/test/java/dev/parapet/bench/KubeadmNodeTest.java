package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.parapet.source.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeadm node trees hold the modes and owners their documentation promises. */
class KubeadmNodeTest {
  @TempDir Path dir;
  private final List<Problem> problems = new ArrayList<>();

  private String mode(NodeFiles files, String path) {
    NodeFiles.FileInfo f = files.stat(path);
    assertThat(f.exists()).as(path).isTrue();
    return f.octalMode();
  }

  @Test
  void controlPlaneHasKubeadmsModes() throws IOException {
    NodeFiles files = KubeadmNode.controlPlane(dir).open(problems);
    for (String m :
        List.of(
            "kube-apiserver.yaml",
            "kube-controller-manager.yaml",
            "kube-scheduler.yaml",
            "etcd.yaml")) {
      assertThat(mode(files, "/etc/kubernetes/manifests/" + m)).as(m).isEqualTo("600");
    }
    for (String k :
        List.of(
            "admin.conf",
            "super-admin.conf",
            "controller-manager.conf",
            "scheduler.conf",
            "kubelet.conf")) {
      assertThat(mode(files, "/etc/kubernetes/" + k)).as(k).isEqualTo("600");
    }
    assertThat(files.find("/etc/kubernetes/pki", "*.key", problems))
        .hasSize(11)
        .allSatisfy(f -> assertThat(f.octalMode()).as(f.path()).isEqualTo("600"));
    assertThat(files.find("/etc/kubernetes/pki", "*.crt", problems))
        .hasSize(10)
        .allSatisfy(f -> assertThat(f.octalMode()).as(f.path()).isEqualTo("644"))
        .extracting(NodeFiles.FileInfo::path)
        .contains("/etc/kubernetes/pki/etcd/ca.crt", "/etc/kubernetes/pki/front-proxy-ca.crt");
    assertThat(mode(files, "/etc/kubernetes/pki/sa.pub")).isEqualTo("600");
    assertThat(files.stat("/var/lib/etcd").directory()).isTrue();
    assertThat(mode(files, "/var/lib/etcd")).isEqualTo("700");
    assertThat(mode(files, KubeadmNode.KUBELET_CONFIG)).isEqualTo("644");
    assertThat(mode(files, KubeadmNode.FLAGS_ENV)).isEqualTo("644");
    assertThat(mode(files, KubeadmNode.UNIT)).isEqualTo("644");
    assertThat(mode(files, KubeadmNode.DROP_IN)).isEqualTo("644");
    assertThat(mode(files, KubeadmNode.CNI_CONF)).isEqualTo("644");
    // the kubelet's client certificate is reached through kubelet-client-current.pem, a link
    NodeFiles.FileInfo current = files.stat("/var/lib/kubelet/pki/kubelet-client-current.pem");
    assertThat(current.viaLink()).isTrue();
    assertThat(current.octalMode()).isEqualTo("600");
    assertThat(problems).isEmpty();
  }

  @Test
  void ownersReadRootThroughTheTreesOwnNames() throws IOException {
    NodeFiles files = KubeadmNode.controlPlane(dir).open(problems);
    assertThat(files.find("/etc/kubernetes", "*", problems))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.ownership()).as(f.path()).isEqualTo("root:root"));
    assertThat(files.stat("/var/lib/etcd").ownership()).isEqualTo("root:root");
  }

  @Test
  void ownersCanBeRenamedForTheWholeTree() throws IOException {
    NodeFiles files = KubeadmNode.controlPlane(dir).owners("etcd", "etcd").open(problems);
    assertThat(files.stat("/var/lib/etcd").ownership()).isEqualTo("etcd:etcd");
    assertThat(files.stat(KubeadmNode.UNIT).ownership()).isEqualTo("etcd:etcd");
  }

  @Test
  void workerHasNoControlPlaneFiles() throws IOException {
    NodeFiles files = KubeadmNode.worker(dir).open(problems);
    assertThat(files.stat("/etc/kubernetes/manifests").directory()).isTrue();
    assertThat(files.find("/etc/kubernetes/manifests", "*.yaml", problems)).isEmpty();
    assertThat(files.stat("/etc/kubernetes/admin.conf").exists()).isFalse();
    assertThat(files.stat("/var/lib/etcd").exists()).isFalse();
    assertThat(files.find("/etc/kubernetes/pki", "*", problems))
        .extracting(NodeFiles.FileInfo::path, NodeFiles.FileInfo::octalMode)
        .containsExactly(
            tuple("/etc/kubernetes/pki", "755"), tuple("/etc/kubernetes/pki/ca.crt", "644"));
    assertThat(mode(files, "/etc/kubernetes/kubelet.conf")).isEqualTo("600");
    assertThat(mode(files, KubeadmNode.UNIT)).isEqualTo("644");
  }

  @Test
  void hardenedTightensWhatCisAsksFor() throws IOException {
    NodeFiles files = KubeadmNode.controlPlane(dir).hardened().open(problems);
    assertThat(mode(files, KubeadmNode.UNIT)).isEqualTo("600");
    assertThat(mode(files, KubeadmNode.DROP_IN)).isEqualTo("600");
    assertThat(mode(files, KubeadmNode.KUBELET_CONFIG)).isEqualTo("600");
    assertThat(mode(files, KubeadmNode.CNI_CONF)).isEqualTo("600");
    assertThat(files.find("/etc/kubernetes/pki", "*.crt", problems))
        .allSatisfy(f -> assertThat(f.octalMode()).as(f.path()).isEqualTo("600"));
    // what kubeadm already writes strictly stays as it was
    assertThat(mode(files, "/etc/kubernetes/manifests/etcd.yaml")).isEqualTo("600");
    assertThat(mode(files, "/var/lib/etcd")).isEqualTo("700");
  }

  @Test
  void chmodChangesOneFile() throws IOException {
    NodeFiles files =
        KubeadmNode.controlPlane(dir)
            .chmod("/etc/kubernetes/manifests/kube-apiserver.yaml", "644")
            .open(problems);
    assertThat(mode(files, "/etc/kubernetes/manifests/kube-apiserver.yaml")).isEqualTo("644");
    assertThat(mode(files, "/etc/kubernetes/manifests/etcd.yaml")).isEqualTo("600");
  }
}
