package dev.parapet.bench;

import dev.parapet.source.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A node's file tree as kubeadm 1.34/1.35 and the pkgs.k8s.io packages leave it, written into a
 * test directory with the real modes, for tests of {@link NodeFiles} and {@link KubeletUnit} and of
 * the CIS 1.1 and 4.1 checks. The facts and their sources are in {@code KubeadmNode.md} beside this
 * file; in short:
 *
 * <ul>
 *   <li>static pod manifests and kubeconfig files ({@code admin.conf}, {@code super-admin.conf},
 *       {@code controller-manager.conf}, {@code scheduler.conf}, {@code kubelet.conf}): 0600;
 *   <li>{@code /etc/kubernetes/pki}: private keys and {@code sa.pub} 0600, certificates 0644,
 *       directories 0755, etcd's CA and certificates under {@code pki/etcd};
 *   <li>{@code /var/lib/etcd}: 0700; {@code /var/lib/kubelet/config.yaml}, {@code
 *       instance-config.yaml} and {@code kubeadm-flags.env}: 0644;
 *   <li>{@code /usr/lib/systemd/system/kubelet.service} and its drop-in {@code
 *       kubelet.service.d/10-kubeadm.conf}: 0644, as the packages install them; {@code
 *       /etc/sysconfig/kubelet}: 0644 with an empty {@code KUBELET_EXTRA_ARGS};
 *   <li>{@code /etc/cni/net.d/10-flannel.conflist}: 0644 (written by the CNI plugin, not kubeadm).
 * </ul>
 *
 * <p>Owners: a test cannot chown, so every file belongs to the user running the test. The tree's
 * own {@code etc/passwd} and {@code etc/group} name that user's uid and gid {@code root}, so {@link
 * NodeFiles} reports {@code root:root}, as on a real node. {@link #owners} renames them instead;
 * that changes the owner of every file at once (one uid cannot have two names), which is enough to
 * make an owner check fail but cannot make one file differ from another.
 */
public final class KubeadmNode {
  public static final String CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";
  public static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.10.1";

  public static final String UNIT = "/usr/lib/systemd/system/kubelet.service";
  public static final String DROP_IN = "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf";
  public static final String FLAGS_ENV = "/var/lib/kubelet/kubeadm-flags.env";
  public static final String EXTRA_ENV = "/etc/sysconfig/kubelet";
  public static final String KUBELET_CONFIG = "/var/lib/kubelet/config.yaml";
  public static final String CNI_CONF = "/etc/cni/net.d/10-flannel.conflist";

  private static final Path MANIFESTS = Path.of("src/test/resources/bench/kubeadm-default");
  private static final Path KUBELET_CONFIG_DATA =
      Path.of("src/test/resources/bench-inputs/kubeadm-kubelet-config.yaml");

  /** As kubernetes/release cmd/krel/templates/latest/kubelet/kubelet.service installs it. */
  public static final String KUBELET_SERVICE =
      """
      [Unit]
      Description=kubelet: The Kubernetes Node Agent
      Documentation=https://kubernetes.io/docs/
      Wants=network-online.target
      After=network-online.target

      [Service]
      ExecStart=/usr/bin/kubelet
      Restart=always
      StartLimitInterval=0
      RestartSec=10

      [Install]
      WantedBy=multi-user.target
      """;

  /** As kubernetes/release cmd/krel/templates/latest/kubeadm/10-kubeadm.conf installs it. */
  public static final String KUBEADM_DROP_IN =
      """
      # Note: This dropin only works with kubeadm and kubelet v1.11+
      [Service]
      Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
      Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
      # This is a file that "kubeadm init" and "kubeadm join" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
      EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
      # This is a file that the user can use for overrides of the kubelet args as a last resort. Preferably, the user should use
      # the .NodeRegistration.KubeletExtraArgs object in the configuration files instead. KUBELET_EXTRA_ARGS should be sourced from this file.
      EnvironmentFile=-/etc/sysconfig/kubelet
      ExecStart=
      ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
      """;

  private static final List<String> KUBECONFIGS =
      List.of("admin.conf", "super-admin.conf", "controller-manager.conf", "scheduler.conf");

  /** Certificate and key pairs {@code kubeadm init} writes (cmd/kubeadm/app/phases/certs). */
  private static final List<String> PAIRS =
      List.of(
          "ca",
          "apiserver",
          "apiserver-kubelet-client",
          "apiserver-etcd-client",
          "front-proxy-ca",
          "front-proxy-client",
          "etcd/ca",
          "etcd/server",
          "etcd/peer",
          "etcd/healthcheck-client");

  private final Path root;
  private final int uid;
  private final int gid;

  private KubeadmNode(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root);
    this.uid = (Integer) Files.getAttribute(root, "unix:uid");
    this.gid = (Integer) Files.getAttribute(root, "unix:gid");
    owners("root", "root");
  }

  /** A control-plane node after {@code kubeadm init} with stacked etcd and flannel. */
  public static KubeadmNode controlPlane(Path dir) throws IOException {
    KubeadmNode n = common(dir);
    for (String m :
        List.of(
            "kube-apiserver.yaml",
            "kube-controller-manager.yaml",
            "kube-scheduler.yaml",
            "etcd.yaml")) {
      n.write("/etc/kubernetes/manifests/" + m, Files.readString(MANIFESTS.resolve(m)), "600");
    }
    for (String k : KUBECONFIGS) {
      n.write("/etc/kubernetes/" + k, kubeconfig("https://192.168.56.10:6443", k), "600");
    }
    n.dir("/etc/kubernetes/pki/etcd", "755");
    for (String pair : PAIRS) {
      n.write("/etc/kubernetes/pki/" + pair + ".crt", pem("CERTIFICATE"), "644");
      n.write("/etc/kubernetes/pki/" + pair + ".key", pem("RSA PRIVATE KEY"), "600");
    }
    n.write("/etc/kubernetes/pki/sa.key", pem("RSA PRIVATE KEY"), "600");
    n.write("/etc/kubernetes/pki/sa.pub", pem("PUBLIC KEY"), "600");
    n.dir("/var/lib/etcd", "700");
    n.dir("/var/lib/etcd/member", "700");
    return n;
  }

  /** A worker node after {@code kubeadm join}: no manifests, only the cluster CA, no etcd. */
  public static KubeadmNode worker(Path dir) throws IOException {
    KubeadmNode n = common(dir);
    n.write("/etc/kubernetes/pki/ca.crt", pem("CERTIFICATE"), "644");
    return n;
  }

  private static KubeadmNode common(Path dir) throws IOException {
    KubeadmNode n = new KubeadmNode(dir);
    n.dir("/etc/kubernetes", "755");
    n.dir("/etc/kubernetes/manifests", "755"); // the kubelet package creates it first
    n.dir("/etc/kubernetes/pki", "755");
    n.write(
        "/etc/kubernetes/kubelet.conf",
        kubeconfig("https://192.168.56.10:6443", "kubelet.conf"),
        "600");
    n.dir("/var/lib/kubelet", "755");
    n.dir("/var/lib/kubelet/pki", "755");
    n.write(
        "/var/lib/kubelet/pki/kubelet-client-2026-11-23-10-00-00.pem", pem("CERTIFICATE"), "600");
    Files.createSymbolicLink(
        n.host("/var/lib/kubelet/pki/kubelet-client-current.pem"),
        Path.of("/var/lib/kubelet/pki/kubelet-client-2026-11-23-10-00-00.pem"));
    n.write("/var/lib/kubelet/pki/kubelet.crt", pem("CERTIFICATE"), "644");
    n.write("/var/lib/kubelet/pki/kubelet.key", pem("RSA PRIVATE KEY"), "600");
    // NodeLocalCRISocket (kubeadm beta, on by default in 1.34): the socket goes to
    // instance-config.yaml, patched into config.yaml, and no longer to kubeadm-flags.env
    n.write(
        KUBELET_CONFIG,
        Files.readString(KUBELET_CONFIG_DATA)
            .replace("containerRuntimeEndpoint: \"\"", "containerRuntimeEndpoint: " + CRI_SOCKET),
        "644");
    n.write(
        "/var/lib/kubelet/instance-config.yaml",
        "containerRuntimeEndpoint: \"" + CRI_SOCKET + "\"\n",
        "644");
    n.write(
        FLAGS_ENV,
        "KUBELET_KUBEADM_ARGS=\"--pod-infra-container-image=" + PAUSE_IMAGE + "\"\n",
        "644");
    n.write(UNIT, KUBELET_SERVICE, "644");
    n.write(DROP_IN, KUBEADM_DROP_IN, "644");
    n.write(EXTRA_ENV, "KUBELET_EXTRA_ARGS=\n", "644");
    n.write(CNI_CONF, FLANNEL, "644");
    return n;
  }

  /**
   * The modes CIS 1.12 asks for where kubeadm's differ: unit files, {@code config.yaml}, the client
   * CA, every certificate and the CNI file at 0600.
   */
  public KubeadmNode hardened() throws IOException {
    chmod(UNIT, "600");
    chmod(DROP_IN, "600");
    chmod(KUBELET_CONFIG, "600");
    chmod(CNI_CONF, "600");
    try (var s = Files.walk(host("/etc/kubernetes/pki"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".crt")).toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(rwx("600")));
      }
    }
    return this;
  }

  /**
   * kubeadm with {@code NodeLocalCRISocket: false} (and kubeadm before 1.34): the CRI socket as a
   * flag in {@code kubeadm-flags.env}, none in {@code config.yaml}.
   */
  KubeadmNode criSocketFlag() throws IOException {
    write(
        FLAGS_ENV,
        "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint="
            + CRI_SOCKET
            + " --pod-infra-container-image="
            + PAUSE_IMAGE
            + "\"\n");
    write(KUBELET_CONFIG, Files.readString(KUBELET_CONFIG_DATA));
    Files.delete(host("/var/lib/kubelet/instance-config.yaml"));
    return this;
  }

  /** Sets a file's or directory's mode ({@code "640"}). */
  public KubeadmNode chmod(String nodePath, String octal) throws IOException {
    Files.setPosixFilePermissions(host(nodePath), PosixFilePermissions.fromString(rwx(octal)));
    return this;
  }

  /** Names the owner and group of every file in the tree (see the class comment). */
  public KubeadmNode owners(String user, String group) throws IOException {
    write("/etc/passwd", user + ":x:" + uid + ":" + gid + ":" + user + ":/root:/bin/bash\n", "644");
    write("/etc/group", group + ":x:" + gid + ":\n", "644");
    return this;
  }

  /** Writes a file, keeping its mode when it exists, else 0644. */
  public KubeadmNode write(String nodePath, String text) throws IOException {
    Path p = host(nodePath);
    String mode =
        Files.exists(p, LinkOption.NOFOLLOW_LINKS)
            ? NodeFiles.octal((Integer) Files.getAttribute(p, "unix:mode"))
            : "644";
    return write(nodePath, text, mode);
  }

  /** Writes a file with a mode ({@code "600"}), creating its directories with 0755. */
  public KubeadmNode write(String nodePath, String text, String octal) throws IOException {
    Path p = host(nodePath);
    dir(nodePath.substring(0, nodePath.lastIndexOf('/')), null);
    Files.writeString(p, text);
    return chmod(nodePath, octal);
  }

  /**
   * Creates a directory (and missing parents with 0755) with a mode; null keeps an existing one.
   */
  public KubeadmNode dir(String nodePath, String octal) throws IOException {
    Path p = host(nodePath);
    if (!Files.isDirectory(p)) {
      if (!nodePath.isEmpty() && !nodePath.equals("/")) {
        dir(nodePath.substring(0, nodePath.lastIndexOf('/')), null);
      }
      Files.createDirectory(p);
      chmod(nodePath, "755");
    }
    if (octal != null) {
      chmod(nodePath, octal);
    }
    return this;
  }

  public Path root() {
    return root;
  }

  /** The test machine's path of a node path. */
  public Path host(String nodePath) {
    String rel = nodePath.startsWith("/") ? nodePath.substring(1) : nodePath;
    return rel.isEmpty() ? root : root.resolve(rel);
  }

  public NodeFiles open(List<Problem> problems) {
    return NodeFiles.open(root, problems).orElseThrow();
  }

  private static String rwx(String octal) {
    int m = NodeFiles.parseOctal(octal);
    StringBuilder sb = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int b = (m >> shift) & 7;
      sb.append((b & 4) != 0 ? 'r' : '-')
          .append((b & 2) != 0 ? 'w' : '-')
          .append((b & 1) != 0 ? 'x' : '-');
    }
    return sb.toString();
  }

  private static String pem(String type) {
    return "-----BEGIN "
        + type
        + "-----\n(test data: not real key material)\n-----END "
        + type
        + "-----\n";
  }

  private static String kubeconfig(String server, String name) {
    String user =
        switch (name) {
          case "admin.conf" -> "kubernetes-admin";
          case "super-admin.conf" -> "kubernetes-super-admin";
          case "controller-manager.conf" -> "system:kube-controller-manager";
          case "scheduler.conf" -> "system:kube-scheduler";
          default -> "system:node:cp1";
        };
    String credentials =
        name.equals("kubelet.conf")
            ? "    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n"
                + "    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n"
            : "    client-certificate-data: dGVzdA==\n    client-key-data: dGVzdA==\n";
    return "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: dGVzdA==\n"
        + "    server: "
        + server
        + "\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: "
        + user
        + "\n  name: "
        + user
        + "@kubernetes\ncurrent-context: "
        + user
        + "@kubernetes\nkind: Config\npreferences: {}\nusers:\n- name: "
        + user
        + "\n  user:\n"
        + credentials;
  }

  /**
   * flannel's CNI configuration (kube-flannel.yml, cni-conf.json), copied by its init container.
   */
  private static final String FLANNEL =
      """
      {
        "name": "cbr0",
        "cniVersion": "0.3.1",
        "plugins": [
          {
            "type": "flannel",
            "delegate": {
              "hairpinMode": true,
              "isDefaultGateway": true
            }
          },
          {
            "type": "portmap",
            "capabilities": {
              "portMappings": true
            }
          }
        ]
      }
      """;
}
