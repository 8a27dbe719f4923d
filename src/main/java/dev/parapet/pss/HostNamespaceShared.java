package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.Workload;
import java.util.List;

/**
 * Sharing the node's network, PID or IPC namespace removes the pod's isolation from the node.
 * Triggers on {@code hostNetwork}, {@code hostPID} or {@code hostIPC} set to true.
 */
@CheckInfo(
    id = "PSS-002",
    title = "Host namespace shared with the pod",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/Host Namespaces",
    cis = {"CIS 1.10: 5.2.3", "CIS 1.10: 5.2.4", "CIS 1.10: 5.2.5"},
    mitre = {"T1611", "T1040"},
    nsa = {"Pod security: pod security enforcement"},
    description =
        "With hostNetwork the pod sees and binds the node's interfaces, reaches node-local services"
            + " (the kubelet, cloud metadata) unfiltered and bypasses NetworkPolicies; with hostPID it"
            + " sees every process on the node and can read their environment; with hostIPC it shares"
            + " the node's shared memory. Triggered by spec.hostNetwork, spec.hostPID or spec.hostIPC"
            + " set to true.",
    remediation =
        "Remove hostNetwork, hostPID and hostIPC (or set them to false); expose ports through a"
            + " Service instead of the host network.")
public final class HostNamespaceShared extends Control {
  @Override
  public String controlId() {
    return "hostNamespaces";
  }

  @Override
  public Level level() {
    return Level.BASELINE;
  }

  @Override
  public int since() {
    return 0;
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
      Pods.trueAt(pod.podSpec(), field)
          .ifPresent(
              s ->
                  out.add(
                      Violation.at(
                          controlId(),
                          s,
                          "host namespaces: " + field + "=true",
                          Fix.of("remove " + field, Fix.Op.remove(s.pointer())))));
    }
  }
}
