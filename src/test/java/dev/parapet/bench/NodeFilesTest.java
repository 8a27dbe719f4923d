package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.source.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kubeadm node's files built in a temp dir (tests cannot chown, so owners are the test user). */
class NodeFilesTest {
  @TempDir Path root;
  @TempDir Path elsewhere;
  private final List<Problem> problems = new ArrayList<>();
  private String me;

  private Path file(String nodePath, String mode) throws IOException {
    Path p = root.resolve(nodePath.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }

  @BeforeEach
  void kubeadmTree() throws IOException {
    me = Files.getOwner(root).getName();
    file("/etc/kubernetes/manifests/kube-apiserver.yaml", "rw-------");
    file("/etc/kubernetes/manifests/etcd.yaml", "rw-r--r--");
    file("/etc/kubernetes/pki/ca.crt", "rw-r--r--");
    file("/etc/kubernetes/pki/ca.key", "rw-------");
    file("/etc/kubernetes/pki/sa.pub", "rw-------");
    file("/etc/kubernetes/pki/etcd/ca.crt", "rw-r--r--");
    file("/etc/kubernetes/pki/etcd/server.key", "rw-r-----");
    file("/var/lib/kubelet/config.yaml", "rw-r--r--");
    Files.setPosixFilePermissions(
        Files.createDirectories(root.resolve("var/lib/etcd")),
        PosixFilePermissions.fromString("rwx------"));
  }

  private NodeFiles open() {
    return NodeFiles.open(root, problems).orElseThrow();
  }

  @Test
  void statsAFileUnderTheRoot() {
    NodeFiles.FileInfo f = open().stat("/etc/kubernetes/manifests/kube-apiserver.yaml");
    assertThat(f.exists()).isTrue();
    assertThat(f.directory()).isFalse();
    assertThat(f.octalMode()).isEqualTo("600");
    assertThat(f.owner()).isEqualTo(me);
    assertThat(f.describe())
        .isEqualTo(
            "/etc/kubernetes/manifests/kube-apiserver.yaml permissions=600 owner=" + f.ownership());
    NodeFiles.FileInfo dir = open().stat("var/lib/etcd/");
    assertThat(dir.path()).isEqualTo("/var/lib/etcd");
    assertThat(dir.directory()).isTrue();
    assertThat(dir.octalMode()).isEqualTo("700");
    assertThat(open().stat("/var/lib/kubelet/config.yaml").octalMode()).isEqualTo("644");
    assertThat(problems).isEmpty();
  }

  @Test
  void aMissingFileSaysSo() {
    NodeFiles.FileInfo f = open().stat("/etc/kubernetes/super-admin.conf");
    assertThat(f.exists()).isFalse();
    assertThat(f.problem()).isEmpty();
    assertThat(f.describe()).isEqualTo("/etc/kubernetes/super-admin.conf: does not exist");
  }

  @Test
  void findsKeysAndCertsRecursivelyLikeFindName() {
    NodeFiles files = open();
    assertThat(files.find("/etc/kubernetes/pki", "*.key", problems))
        .extracting(NodeFiles.FileInfo::path, NodeFiles.FileInfo::octalMode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/etc/kubernetes/pki/ca.key", "600"),
            org.assertj.core.groups.Tuple.tuple("/etc/kubernetes/pki/etcd/server.key", "640"));
    assertThat(files.find("/etc/kubernetes/pki", "*", problems))
        .extracting(NodeFiles.FileInfo::path)
        .containsExactly(
            "/etc/kubernetes/pki",
            "/etc/kubernetes/pki/ca.crt",
            "/etc/kubernetes/pki/ca.key",
            "/etc/kubernetes/pki/etcd",
            "/etc/kubernetes/pki/etcd/ca.crt",
            "/etc/kubernetes/pki/etcd/server.key",
            "/etc/kubernetes/pki/sa.pub");
    assertThat(files.find("/etc/cni/net.d", "*", problems)).isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void modeAtMostIsKubeBenchsBitmask() {
    int allowed = NodeFiles.parseOctal("600");
    assertThat(NodeFiles.modeAtMost(0600, allowed)).isTrue();
    assertThat(NodeFiles.modeAtMost(0400, allowed)).isTrue();
    assertThat(NodeFiles.modeAtMost(0, allowed)).isTrue();
    assertThat(NodeFiles.modeAtMost(0640, allowed)).isFalse();
    assertThat(NodeFiles.modeAtMost(0700, allowed)).isFalse();
    // 444 is "less" than 600 as a number but has read bits for group and others
    assertThat(NodeFiles.modeAtMost(0444, allowed)).isFalse();
    assertThat(NodeFiles.modeAtMost(0444, NodeFiles.parseOctal("644"))).isTrue();
    assertThat(NodeFiles.modeAtMost(04755, NodeFiles.parseOctal("755"))).isFalse();
    assertThat(NodeFiles.octal(0644)).isEqualTo("644");
  }

  @Test
  void followsLinksInsideTheTreeButNeverOutOfIt() throws IOException {
    // a file outside the tree that a hostile tree points at
    Path secret = Files.writeString(elsewhere.resolve("secret.key"), "k");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-rw-rw-"));
    Path kube = root.resolve("etc/kubernetes");
    Files.createSymbolicLink(kube.resolve("abs.conf"), secret); // absolute: re-rooted
    Files.createSymbolicLink(
        kube.resolve("up.conf"), Path.of("../../../../../../../../" + secret)); // .. stops at root
    Files.createSymbolicLink(kube.resolve("admin.conf"), Path.of("pki/ca.key")); // relative inside
    Files.createSymbolicLink(kube.resolve("loop"), Path.of("loop"));
    NodeFiles files = open();

    NodeFiles.FileInfo admin = files.stat("/etc/kubernetes/admin.conf");
    assertThat(admin.exists()).isTrue();
    assertThat(admin.viaLink()).isTrue();
    assertThat(admin.octalMode()).isEqualTo("600");

    assertThat(files.stat("/etc/kubernetes/abs.conf").exists()).isFalse();
    assertThat(files.stat("/etc/kubernetes/up.conf").exists()).isFalse();
    assertThat(files.stat("/etc/kubernetes/loop").problem())
        .contains("too many levels of symbolic links");
    // an absolute link resolves inside the tree, as on the node
    Files.createSymbolicLink(kube.resolve("node-abs.conf"), Path.of("/etc/kubernetes/pki/ca.crt"));
    assertThat(files.stat("/etc/kubernetes/node-abs.conf").octalMode()).isEqualTo("644");
    // find reports links as links and does not descend through them
    Files.createSymbolicLink(root.resolve("etc/kubernetes/pki/outside"), elsewhere);
    List<NodeFiles.FileInfo> all = files.find("/etc/kubernetes/pki", "*", problems);
    assertThat(all)
        .filteredOn(NodeFiles.FileInfo::symlink)
        .extracting(NodeFiles.FileInfo::path)
        .containsExactly("/etc/kubernetes/pki/outside");
    assertThat(all).noneMatch(f -> f.path().contains("secret"));
  }

  @Test
  void namesOwnersFromTheTreesOwnPasswdFile() throws IOException {
    int uid = (Integer) Files.getAttribute(root.resolve("var/lib/etcd"), "unix:uid");
    int gid = (Integer) Files.getAttribute(root.resolve("var/lib/etcd"), "unix:gid");
    file("/etc/passwd", "rw-r--r--");
    // the node's names for the ids, whatever this machine calls them (tests may run as root)
    Files.writeString(
        root.resolve("etc/passwd"),
        "nodeadmin:x:" + uid + ":" + gid + "::/:/bin/false\nbroken line\n");
    file("/etc/group", "rw-r--r--");
    Files.writeString(root.resolve("etc/group"), "nodeadmins:x:" + gid + ":\n");
    NodeFiles files = open();
    assertThat(files.stat("/var/lib/etcd").ownership()).isEqualTo("nodeadmin:nodeadmins");
    assertThat(problems)
        .singleElement()
        .asString()
        .endsWith("/etc/passwd:2: warning: not a name:password:id line; skipped");
  }

  @Test
  void readsTextInsideTheTreeOnlyAndWithinItsLimit() throws IOException {
    Files.writeString(root.resolve("etc/kubernetes/pki/ca.crt"), "-----BEGIN CERTIFICATE-----\n");
    Files.createSymbolicLink(
        root.resolve("etc/kubernetes/ca-link.crt"), Path.of("/etc/kubernetes/pki/ca.crt"));
    Path secret = Files.writeString(elsewhere.resolve("secret"), "s");
    Files.createSymbolicLink(root.resolve("etc/kubernetes/out"), secret);
    NodeFiles files = open();

    NodeFiles.Content viaLink = files.read("/etc/kubernetes/ca-link.crt", 100);
    assertThat(viaLink.text()).contains("-----BEGIN CERTIFICATE-----\n");
    assertThat(viaLink.realPath()).isEqualTo("/etc/kubernetes/pki/ca.crt");

    NodeFiles.Content out = files.read("/etc/kubernetes/out", 100);
    assertThat(out.exists()).isFalse();
    assertThat(out.text()).isEmpty();
    assertThat(files.stat("/etc/kubernetes/out").viaLink()).isTrue(); // a dangling link

    assertThat(files.read("/etc/kubernetes/pki/ca.crt", 10).problem())
        .contains("28 bytes, more than the limit of 10");
    assertThat(files.read("/var/lib/etcd", 10).problem()).contains("is a directory");
    assertThat(files.read("/nope", 10))
        .satisfies(c -> assertThat(c.exists()).isFalse())
        .satisfies(c -> assertThat(c.problem()).isEmpty());
  }

  @Test
  void aRootThatIsNotADirectoryIsAnError() throws IOException {
    assertThat(NodeFiles.open(root.resolve("nope"), problems)).isEmpty();
    assertThat(problems).singleElement().asString().contains("cannot read node root");
  }
}
