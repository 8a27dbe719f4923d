package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;
import java.util.Optional;

/**
 * Whoever reaches a container runtime's socket can start a privileged container on the node, so a
 * pod with the socket owns the node. Triggers on a hostPath volume whose path is a runtime socket
 * (docker, containerd, CRI-O, Podman, cri-dockerd, dockershim) or a directory that holds one
 * ({@code /run}, {@code /var/run}, {@code /run/containerd}, ...), read-only or not.
 */
@CheckInfo(
    id = "POD-001",
    title = "Container runtime socket mounted from the host",
    severity = Severity.CRITICAL,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "workload",
    cis = {"CIS 1.10: 5.2.12"},
    mitre = {"T1611", "T1610", "T1609"},
    nsa = {
      "Pod security: pod security enforcement",
      "Pod security: hardening container environments"
    },
    overlaps = {"PSS-005", "PSS-013"},
    description =
        "The container runtime's API socket (docker.sock, containerd.sock, crio.sock, podman.sock,"
            + " cri-dockerd.sock, dockershim.sock) accepts requests to create containers, and the"
            + " runtime obeys whoever connects: a process with the socket starts a privileged"
            + " container with the node's root file system mounted and is root on the node, outside"
            + " Kubernetes' admission and audit. A read-only mount does not help, since connecting"
            + " to a Unix socket is not a write to the file system. Triggered by a hostPath volume"
            + " whose path (normalized: duplicate and trailing slashes, . and ..) ends in one of"
            + " those socket names, or is a directory that holds them: /run, /var/run,"
            + " /run/containerd, /run/crio, /run/podman, /run/cri-dockerd (and their /var/run"
            + " forms), /run/k3s/containerd or /var/snap/microk8s/common/run. Reported at the"
            + " volume's hostPath, the field the Pod Security hostPath controls report too.",
    remediation =
        "Remove the volume. Tools that build images should use a daemonless builder (BuildKit"
            + " rootless, kaniko, buildah); agents that inspect containers should use the kubelet or"
            + " CRI read-only endpoints through a dedicated, audited node component.")
public final class RuntimeSocketMounted implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    for (HostPaths.HostPathVolume v : HostPaths.volumes(workload)) {
      Optional<String> socket = HostPaths.runtimeSocket(v.path());
      if (socket.isEmpty()) {
        continue;
      }
      sink.report(
          workload.object(),
          v.hostPath(),
          "volume \""
              + v.name()
              + "\" mounts host path \""
              + v.path()
              + "\", "
              + socket.get()
              + " ("
              + HostPaths.mounts(workload, v.name()).describe()
              + "): whoever connects to it can start privileged containers on the node");
    }
  }
}
