package dev.parapet.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPathsTest {
  @Test
  void normalizesLikeAMount() {
    assertThat(HostPaths.normalize("/var/run//docker.sock/")).isEqualTo("/var/run/docker.sock");
    assertThat(HostPaths.normalize("/var/lib/../run/./containerd"))
        .isEqualTo("/var/run/containerd");
    assertThat(HostPaths.normalize("/")).isEqualTo("/");
    assertThat(HostPaths.normalize("//")).isEqualTo("/");
    assertThat(HostPaths.normalize("/../etc")).isEqualTo("/etc");
  }

  @Test
  void runtimeSocketsAndTheirDirectories() {
    for (String p :
        List.of(
            "/var/run/docker.sock",
            "/run/containerd/containerd.sock",
            "/var/run/crio/crio.sock",
            "/run/podman/podman.sock",
            "/run/cri-dockerd.sock",
            "/run/k3s/containerd/containerd.sock",
            "/run",
            "/var/run",
            "/run/containerd")) {
      assertThat(HostPaths.runtimeSocket(p)).as(p).isPresent();
      assertThat(HostPaths.sensitive(p)).as(p + " belongs to the socket check").isEmpty();
    }
    assertThat(HostPaths.runtimeSocket("/var/run/secrets")).isEmpty();
  }

  @Test
  void sensitivePaths() {
    for (String p :
        List.of(
            "/",
            "/etc",
            "/etc/kubernetes",
            "/etc/kubernetes/pki",
            "/proc",
            "/proc/sys/kernel",
            "/sys/fs/cgroup",
            "/root",
            "/home/ubuntu/.ssh",
            "/var/lib/kubelet",
            "/var/lib/kubelet/pods",
            "/var/lib/etcd",
            "/var/log",
            "/var/log/pods",
            "/var",
            "/var/lib")) {
      assertThat(HostPaths.sensitive(p)).as(p).isPresent();
    }
    for (String p :
        List.of(
            "/etc/ssl/certs",
            "/usr/share/ca-certificates",
            "/data/postgres",
            "/mnt/disks/ssd0",
            "/var/lib/kubeletx",
            "/dev/fuse")) {
      assertThat(HostPaths.sensitive(p)).as(p).isEmpty();
    }
    assertThat(HostPaths.sensitive("/var/lib").orElseThrow()).contains("/var/lib/kubelet");
  }
}
