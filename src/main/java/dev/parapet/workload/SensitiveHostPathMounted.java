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
 * Some directories of the node hold its credentials or control it; a pod that mounts one reads them
 * (read-only) or rewrites them (writable). Triggers on a hostPath volume of a sensitive path, and
 * says from the containers' volumeMounts whether it is mounted writable or read-only.
 */
@CheckInfo(
    id = "POD-002",
    title = "Sensitive host directory mounted",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "workload",
    cis = {"CIS 1.10: 5.2.12"},
    mitre = {"T1611", "T1552.001"},
    nsa = {
      "Pod security: pod security enforcement",
      "Pod security: hardening container environments"
    },
    overlaps = {"PSS-005", "PSS-013"},
    description =
        "Mounting a sensitive node directory hands the pod what it holds: /var/lib/kubelet has the"
            + " kubelet's credentials and every pod's secret volumes, /etc/kubernetes the node's"
            + " kubeconfigs and static pod manifests (a file written there becomes a pod), /var/lib/etcd"
            + " the cluster's whole state, /proc and /sys the node's processes and kernel settings"
            + " (core_pattern, cgroup release_agent: known escapes), /root and /home SSH keys and"
            + " cloud credentials, /var/log a path to read any node file through the kubelet's log"
            + " endpoint. Read-only mounts still disclose secrets; writable ones give the node away."
            + " Triggered by a hostPath volume whose normalized path is /, /etc, /dev, a path equal"
            + " to or under /etc/kubernetes, /proc, /sys, /root, /home, /var/lib/kubelet,"
            + " /var/lib/etcd, /var/log, /var/lib/docker, /var/lib/containerd or /boot, or a parent"
            + " of those (/var, /var/lib). The message says which containers mount it writable and"
            + " which read-only (volumeMounts[].readOnly). /run and /var/run are reported by POD-001"
            + " as runtime socket directories. Reported at the volume's hostPath, the field the Pod"
            + " Security hostPath controls report too.",
    remediation =
        "Remove the volume and give the workload what it needs through the API (a Secret, a"
            + " ConfigMap, the downward API) or a node agent built for it; if a node agent truly"
            + " needs the path, mount the narrowest subdirectory with readOnly: true and run it in a"
            + " dedicated namespace.")
public final class SensitiveHostPathMounted implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    for (HostPaths.HostPathVolume v : HostPaths.volumes(workload)) {
      Optional<String> why = HostPaths.sensitive(v.path());
      if (why.isEmpty()) {
        continue;
      }
      sink.report(
          workload.object(),
          v.hostPath(),
          "volume \""
              + v.name()
              + "\" mounts host path \""
              + v.path()
              + "\" ("
              + why.get()
              + "), "
              + HostPaths.mounts(workload, v.name()).describe());
    }
  }
}
