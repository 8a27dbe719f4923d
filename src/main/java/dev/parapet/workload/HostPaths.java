package dev.parapet.workload;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.SeqNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a host path holds, and how the pod's containers mount a volume. */
final class HostPaths {
  private HostPaths() {}

  /** File names of the container runtimes' API sockets. */
  static final Map<String, String> SOCKETS =
      Map.of(
          "docker.sock", "the Docker socket",
          "containerd.sock", "the containerd socket",
          "crio.sock", "the CRI-O socket",
          "podman.sock", "the Podman socket",
          "cri-dockerd.sock", "the cri-dockerd socket",
          "dockershim.sock", "the dockershim socket");

  /** Directories that hold a runtime's socket. */
  static final Set<String> SOCKET_DIRECTORIES =
      Set.of(
          "/run",
          "/var/run",
          "/run/containerd",
          "/var/run/containerd",
          "/run/crio",
          "/var/run/crio",
          "/run/podman",
          "/var/run/podman",
          "/run/cri-dockerd",
          "/var/run/cri-dockerd",
          "/run/k3s/containerd",
          "/var/snap/microk8s/common/run");

  /** Subtrees of the node that hold credentials or control it, and what they hold. */
  static final Map<String, String> SENSITIVE =
      Map.ofEntries(
          Map.entry(
              "/etc/kubernetes", "the node's Kubernetes credentials and static pod manifests"),
          Map.entry("/proc", "the node's processes and kernel settings"),
          Map.entry("/sys", "the node's kernel and cgroup settings"),
          Map.entry(
              "/root", "root's home directory, with SSH keys and cloud and cluster credentials"),
          Map.entry("/home", "users' home directories, with SSH keys and credentials"),
          Map.entry(
              "/var/lib/kubelet", "the kubelet's credentials and every pod's volumes, secrets too"),
          Map.entry("/var/lib/etcd", "the etcd database, every Secret of the cluster in it"),
          Map.entry(
              "/var/log",
              "the node's logs; writable, a link planted there makes the kubelet read any node"
                  + " file"),
          Map.entry("/var/lib/docker", "the file systems of every container on the node"),
          Map.entry("/var/lib/containerd", "the file systems of every container on the node"),
          Map.entry("/boot", "the node's kernel and boot loader"));

  /** Sensitive as a directory, but not everything below it is. */
  static final Map<String, String> SENSITIVE_EXACT =
      Map.of("/etc", "the node's configuration", "/dev", "every device of the node");

  /**
   * A path with duplicate and trailing slashes removed and {@code .} and {@code ..} resolved, as
   * the kubelet's mount would see it; relative paths are taken from the root.
   */
  static String normalize(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : path.trim().split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** What runtime socket the normalized path is or holds, if any. */
  static Optional<String> runtimeSocket(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (SOCKETS.containsKey(name)) {
      return Optional.of(SOCKETS.get(name));
    }
    if (SOCKET_DIRECTORIES.contains(path)) {
      return Optional.of("the directory holding the container runtime's socket");
    }
    return Optional.empty();
  }

  /**
   * Why the normalized path is sensitive, if it is; runtime sockets are left to their own check.
   */
  static Optional<String> sensitive(String path) {
    if (runtimeSocket(path).isPresent()) {
      return Optional.empty();
    }
    if (path.equals("/")) {
      return Optional.of("the node's whole file system");
    }
    if (SENSITIVE_EXACT.containsKey(path)) {
      return Optional.of(SENSITIVE_EXACT.get(path));
    }
    List<String> contained = new ArrayList<>();
    for (Map.Entry<String, String> e : SENSITIVE.entrySet()) {
      String root = e.getKey();
      if (path.equals(root) || path.startsWith(root + "/")) {
        return Optional.of(e.getValue());
      }
      if (root.startsWith(path + "/")) {
        contained.add(root);
      }
    }
    if (!contained.isEmpty()) {
      contained.sort(null);
      return Optional.of("a directory that holds " + String.join(", ", contained));
    }
    return Optional.empty();
  }

  /** How the pod's containers mount a volume: which read-only, which writable. */
  record Mounts(List<String> writable, List<String> readOnly) {
    boolean anyWritable() {
      return !writable.isEmpty();
    }

    /** {@code mounted writable by container "a", read-only by init container "b"}. */
    String describe() {
      if (writable.isEmpty() && readOnly.isEmpty()) {
        return "not mounted by any container";
      }
      List<String> parts = new ArrayList<>();
      if (!writable.isEmpty()) {
        parts.add("writable by " + String.join(", ", writable));
      }
      if (!readOnly.isEmpty()) {
        parts.add("read-only by " + String.join(", ", readOnly));
      }
      return "mounted " + String.join(", ", parts);
    }
  }

  static Mounts mounts(Workload workload, String volume) {
    List<String> writable = new ArrayList<>();
    List<String> readOnly = new ArrayList<>();
    for (ContainerView c : workload.containers()) {
      Optional<SeqNode> mounts = c.node().seq("volumeMounts");
      if (mounts.isEmpty()) {
        continue;
      }
      boolean rw = false;
      boolean ro = false;
      for (Node n : mounts.get().items()) {
        if (n instanceof MapNode m && m.string("name").filter(volume::equals).isPresent()) {
          if (m.bool("readOnly").orElse(false)) {
            ro = true;
          } else {
            rw = true;
          }
        }
      }
      if (rw) {
        writable.add(c.describe());
      } else if (ro) {
        readOnly.add(c.describe());
      }
    }
    return new Mounts(List.copyOf(writable), List.copyOf(readOnly));
  }

  /** A hostPath volume: the volume, its {@code hostPath} map and the normalized path. */
  record HostPathVolume(String name, MapNode hostPath, String path) {}

  static List<HostPathVolume> volumes(Workload workload) {
    List<HostPathVolume> out = new ArrayList<>();
    for (MapNode vol : workload.volumes()) {
      Optional<MapNode> hp = vol.map("hostPath");
      Optional<String> path = hp.flatMap(h -> h.string("path"));
      if (path.isPresent() && !path.get().isBlank()) {
        out.add(new HostPathVolume(vol.string("name").orElse(""), hp.get(), normalize(path.get())));
      }
    }
    return out;
  }
}
