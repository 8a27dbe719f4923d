package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import java.util.List;

/**
 * A hostPath volume mounts a directory of the node into the pod. Triggers on any volume with a
 * {@code hostPath} source.
 */
@CheckInfo(
    id = "PSS-005",
    title = "hostPath volume",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/HostPath Volumes",
    cis = {"CIS 1.10: 5.2.12"},
    mitre = {"T1611", "T1552.001"},
    nsa = {"Pod security: pod security enforcement"},
    description =
        "A hostPath volume gives the pod the node's files: credentials of the kubelet and of other"
            + " pods, the container runtime's socket, or the root file system, which is enough to take"
            + " the node. Triggered by any entry of spec.volumes with a hostPath source, read-only or"
            + " not (read-only mounts still disclose secrets).",
    remediation =
        "Replace the hostPath volume with a configMap, secret, emptyDir or persistentVolumeClaim; a"
            + " node agent that truly needs node files belongs in a dedicated privileged namespace.")
public final class HostPathVolume extends Control {
  @Override
  public String controlId() {
    return "hostPathVolumes";
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
    for (MapNode vol : pod.volumes()) {
      vol.get("hostPath")
          .filter(h -> !(h instanceof dev.parapet.source.ScalarNode s && s.isNull()))
          .ifPresent(
              h -> {
                String path = h instanceof MapNode m ? m.string("path").orElse("") : "";
                out.add(
                    Violation.at(
                        controlId(),
                        h,
                        "hostPath volumes: volume \""
                            + vol.string("name").orElse("")
                            + "\" mounts host path \""
                            + path
                            + "\"",
                        null));
              });
    }
  }
}
